# label: CWE-1336
# framework: django
# flow: a GET parameter compiled by the template engine's from_string
from django.http import HttpResponse
from django.template import engines


def card(request):
    source = request.GET.get("tpl", "{{ title }}")
    template = engines["django"].from_string(source)  # sink
    return HttpResponse(template.render({"title": "Hello"}))
