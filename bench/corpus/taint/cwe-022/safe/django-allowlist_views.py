# label: safe CWE-22
# framework: django
# why: the requested report must be one of a constant set of names
import os

from django.http import FileResponse, Http404

ALLOWED_REPORTS = frozenset({"daily.csv", "weekly.csv", "monthly.csv"})


def report(request):
    name = request.GET.get("name", "")
    if name not in ALLOWED_REPORTS:
        raise Http404("no such report")
    return FileResponse(open(os.path.join("/srv/reports", name), "rb"))  # sink
