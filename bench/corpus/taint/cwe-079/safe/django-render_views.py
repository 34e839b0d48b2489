# label: safe CWE-79
# framework: django
# why: the value goes to an autoescaping template as a context variable
from django.shortcuts import render


def preview(request):
    signature = request.POST.get("signature", "")
    return render(request, "preview.html", {"signature": signature})  # sink
