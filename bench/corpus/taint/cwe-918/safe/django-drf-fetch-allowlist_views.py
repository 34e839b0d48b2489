# label: safe CWE-918
# framework: django (REST framework)
# why: the host of the URL must be one of the allowed preview hosts
from urllib.parse import urlparse

import requests
from rest_framework.decorators import api_view
from rest_framework.response import Response

PREVIEW_HOSTS = {"www.youtube.com", "vimeo.com"}


@api_view(["POST"])
def link_preview(request):
    url = request.data["url"]
    if urlparse(url).hostname not in PREVIEW_HOSTS:
        return Response({"error": "host not allowed"}, status=400)
    r = requests.head(url, allow_redirects=False, timeout=5)  # sink
    return Response({"type": r.headers.get("Content-Type")})
