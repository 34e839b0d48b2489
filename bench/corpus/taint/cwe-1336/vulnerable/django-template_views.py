# label: CWE-1336
# framework: django
# flow: a POST field compiled with django.template.Template
from django.http import HttpResponse
from django.template import Context, Template


def newsletter_preview(request):
    body = request.POST.get("body", "")
    tpl = Template(body)  # sink
    return HttpResponse(tpl.render(Context({"subscriber": "Grace"})))
