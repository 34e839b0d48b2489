# label: CWE-918
# framework: django
# flow: a POST value opened with urllib.request
import urllib.request

from django.http import JsonResponse


def import_avatar(request):
    source = request.POST["avatar_url"]
    with urllib.request.urlopen(source, timeout=5) as resp:  # sink
        data = resp.read()
    return JsonResponse({"size": len(data)})
