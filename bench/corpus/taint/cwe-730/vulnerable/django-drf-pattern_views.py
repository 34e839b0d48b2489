# label: CWE-730
# framework: django (REST framework)
# flow: a DRF query parameter compiled as a regular expression
import re

from rest_framework.response import Response
from rest_framework.views import APIView

CODES = ["FR-75001", "FR-69001", "DE-10115"]


class PostcodeFilter(APIView):
    def get(self, request):
        rx = re.compile(request.query_params.get("pattern", ".*"))  # sink
        return Response([c for c in CODES if rx.fullmatch(c)])
