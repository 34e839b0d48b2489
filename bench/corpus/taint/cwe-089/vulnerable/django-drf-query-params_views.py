# label: CWE-89
# framework: django (REST framework)
# flow: a query parameter of a DRF view in a cursor query
from django.db import connection
from rest_framework.response import Response
from rest_framework.views import APIView


class SkuSearch(APIView):
    def get(self, request):
        prefix = request.query_params.get("prefix", "")
        with connection.cursor() as cur:
            cur.execute(f"SELECT sku FROM catalog_item WHERE sku LIKE '{prefix}%%'")  # sink
            return Response([r[0] for r in cur.fetchall()])
