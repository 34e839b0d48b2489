# label: safe CWE-1336
# framework: django
# why: a template file is rendered; the parameter is only a context variable
from django.http import JsonResponse
from django.template.loader import render_to_string


def card(request):
    title = request.GET.get("title", "Hello")
    html = render_to_string("cards/card.html", {"title": title})  # sink
    return JsonResponse({"html": html})
