# label: CWE-113
# framework: django
# flow: a request header copied into the headers= of an HttpResponse
from django.http import HttpResponse


def relay(request):
    upstream = request.headers.get("X-Upstream-Id", "")
    return HttpResponse("accepted", content_type="text/plain", headers={"X-Upstream-Id": upstream})  # sink
