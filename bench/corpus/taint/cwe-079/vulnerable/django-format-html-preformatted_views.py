# label: CWE-79
# framework: django
# flow: format_html receives text already formatted with the input, so it escapes nothing
from django.http import HttpResponse
from django.utils.html import format_html


def greet(request):
    who = request.GET.get("who", "friend")
    fragment = format_html(f"<b>Hi {who}</b>")  # sink
    return HttpResponse(fragment)
