# label: safe CWE-89
# framework: django (REST framework)
# why: the LIKE pattern is passed as a parameter
from django.db import connection
from rest_framework.response import Response
from rest_framework.views import APIView


class SkuSearch(APIView):
    def get(self, request):
        prefix = request.query_params.get("prefix", "")
        with connection.cursor() as cur:
            cur.execute("SELECT sku FROM catalog_item WHERE sku LIKE %s", [prefix + "%"])  # sink
            return Response([r[0] for r in cur.fetchall()])
