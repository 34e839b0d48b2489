# label: safe CWE-79
# framework: django
# why: django.utils.html.escape encodes the path before it is put in the page
from django.http import HttpResponse
from django.utils.html import escape


def not_found(request):
    path = escape(request.GET.get("path", ""))
    return HttpResponse(f"<h1>Not found</h1><p>{path} does not exist.</p>")  # sink
