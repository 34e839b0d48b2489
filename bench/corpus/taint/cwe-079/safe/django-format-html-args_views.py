# label: safe CWE-79
# framework: django
# why: format_html escapes its arguments; the format string is constant
from django.http import HttpResponse
from django.utils.html import format_html


def greet(request):
    who = request.GET.get("who", "friend")
    fragment = format_html("<b>Hi {}</b>", who)  # sink
    return HttpResponse(fragment)
