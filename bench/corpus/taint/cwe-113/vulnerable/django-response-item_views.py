# label: CWE-113
# framework: django
# flow: a GET value in a header set by item assignment on an HttpResponse
from django.http import HttpResponse


def download_csv(request):
    filename = request.GET.get("filename", "report")
    response = HttpResponse("a,b\n1,2\n", content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'  # sink
    return response
