# label: safe CWE-78
# framework: django
# why: re.fullmatch admits only letters, digits, dots and dashes, none of which the shell interprets
import re
import subprocess

from django.http import HttpResponse, HttpResponseBadRequest


def dns_lookup(request):
    name = request.GET.get("name", "example.org")
    if not re.fullmatch(r"[A-Za-z0-9.-]{1,253}", name):
        return HttpResponseBadRequest("bad name")
    text = subprocess.getoutput("nslookup " + name)  # sink
    return HttpResponse(text, content_type="text/plain")
