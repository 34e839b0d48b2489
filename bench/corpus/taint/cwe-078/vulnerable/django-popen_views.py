# label: CWE-78
# framework: django
# flow: a GET parameter in subprocess.getoutput
import subprocess

from django.http import HttpResponse


def dns_lookup(request):
    name = request.GET.get("name", "example.org")
    text = subprocess.getoutput("nslookup " + name)  # sink
    return HttpResponse(text, content_type="text/plain")
