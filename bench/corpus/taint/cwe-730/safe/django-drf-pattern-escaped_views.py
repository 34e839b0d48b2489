# label: safe CWE-730
# framework: django (REST framework)
# why: the fragment is escaped with re.escape before it is embedded in the pattern
import re

from rest_framework.response import Response
from rest_framework.views import APIView

CODES = ["FR-75001", "FR-69001", "DE-10115"]


class PostcodeFilter(APIView):
    def get(self, request):
        fragment = re.escape(request.query_params.get("contains", ""))
        rx = re.compile(f".*{fragment}.*")  # sink
        return Response([c for c in CODES if rx.fullmatch(c)])
