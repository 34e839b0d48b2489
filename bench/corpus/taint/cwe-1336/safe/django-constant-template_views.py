# label: safe CWE-1336
# framework: django
# why: the Template source is constant; the POST value is only in the Context
from django.http import HttpResponse
from django.template import Context, Template

PREVIEW = "<div class='preview'>{{ body }}</div>"


def newsletter_preview(request):
    body = request.POST.get("body", "")
    tpl = Template(PREVIEW)  # sink
    return HttpResponse(tpl.render(Context({"body": body})))
