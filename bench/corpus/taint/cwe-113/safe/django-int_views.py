# label: safe CWE-113
# framework: django
# why: only an int reaches the header
from django.http import HttpResponse


def download_csv(request):
    report_id = int(request.GET.get("id", "0"))
    response = HttpResponse("a,b\n1,2\n", content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="report-{report_id}.csv"'  # sink
    return response
