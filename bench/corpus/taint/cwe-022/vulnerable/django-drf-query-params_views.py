# label: CWE-22
# framework: django (REST framework)
# flow: a query parameter of a DRF APIView opened under a base directory
import os

from rest_framework.response import Response
from rest_framework.views import APIView

EXPORTS = "/srv/exports"


class ExportView(APIView):
    def get(self, request):
        name = request.query_params.get("name", "latest.json")
        with open(os.path.join(EXPORTS, name), "rb") as fh:  # sink
            return Response({"size": len(fh.read())})
