# label: CWE-601
# framework: django
# flow: a GET parameter written as the Location header of a 302 response
from django.http import HttpResponse


def bounce(request):
    response = HttpResponse(status=302)
    response["Location"] = request.GET.get("to", "/")  # sink
    return response
