# label: safe CWE-918
# framework: django
# why: url_has_allowed_host_and_scheme limits the host to the allow-list before the fetch
import urllib.request

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme

AVATAR_HOSTS = {"avatars.example-cdn.com"}


def import_avatar(request):
    source = request.POST["avatar_url"]
    if not url_has_allowed_host_and_scheme(source, allowed_hosts=AVATAR_HOSTS, require_https=True):
        return HttpResponseBadRequest("avatar host not allowed")
    with urllib.request.urlopen(source, timeout=5) as resp:  # sink
        data = resp.read()
    return JsonResponse({"size": len(data)})
