# label: CWE-79
# framework: django
# flow: a POST value marked safe and rendered by a template
from django.shortcuts import render
from django.utils.safestring import mark_safe


def preview(request):
    signature = request.POST.get("signature", "")
    html = mark_safe("<div class='sig'>" + signature + "</div>")  # sink
    return render(request, "preview.html", {"signature": html})
