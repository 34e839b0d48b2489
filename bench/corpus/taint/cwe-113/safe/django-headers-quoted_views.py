# label: safe CWE-113
# framework: django
# why: urllib.parse.quote percent-encodes the header value
from urllib.parse import quote

from django.http import HttpResponse


def relay(request):
    upstream = quote(request.headers.get("X-Upstream-Id", ""), safe="")
    return HttpResponse("accepted", content_type="text/plain", headers={"X-Upstream-Id": upstream})  # sink
