# label: CWE-918
# framework: django (REST framework)
# flow: a URL in request.data fetched by a DRF view
import requests
from rest_framework.decorators import api_view
from rest_framework.response import Response


@api_view(["POST"])
def link_preview(request):
    url = request.data["url"]
    r = requests.head(url, allow_redirects=True, timeout=5)  # sink
    return Response({"type": r.headers.get("Content-Type")})
