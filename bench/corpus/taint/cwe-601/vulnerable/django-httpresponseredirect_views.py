# label: CWE-601
# framework: django
# flow: a GET parameter in HttpResponseRedirect
from django.contrib.auth import logout
from django.http import HttpResponseRedirect


def sign_out(request):
    logout(request)
    return HttpResponseRedirect(request.GET.get("next", "/"))  # sink
