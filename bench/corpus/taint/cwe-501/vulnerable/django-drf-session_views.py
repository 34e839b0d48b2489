# label: CWE-501
# framework: django (REST framework)
# flow: a field of request.data stored in the session by a DRF view
from rest_framework.response import Response
from rest_framework.views import APIView


class SelectCart(APIView):
    def post(self, request):
        request.session["cart_id"] = request.data["cart_id"]  # sink
        return Response({"ok": True})
