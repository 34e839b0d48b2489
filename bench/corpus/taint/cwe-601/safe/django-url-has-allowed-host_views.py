# label: safe CWE-601
# framework: django
# why: url_has_allowed_host_and_scheme rejects targets on other hosts
from django.contrib.auth import logout
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def sign_out(request):
    logout(request)
    nxt = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}, require_https=True):
        nxt = "/"
    return HttpResponseRedirect(nxt)  # sink
