# label: CWE-79
# framework: django
# flow: a GET parameter in the body of an HttpResponse
from django.http import HttpResponse


def not_found(request):
    path = request.GET.get("path", "")
    return HttpResponse(f"<h1>Not found</h1><p>{path} does not exist.</p>")  # sink
