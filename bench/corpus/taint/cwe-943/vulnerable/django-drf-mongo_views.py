# label: CWE-943
# framework: django (REST framework)
# flow: a JSON field of request.data used as a filter value (operator objects pass through)
from pymongo import MongoClient
from rest_framework.response import Response
from rest_framework.views import APIView

accounts = MongoClient()["app"]["accounts"]


class MagicLink(APIView):
    def post(self, request):
        doc = accounts.find_one({"email": request.data.get("email"), "link_token": request.data.get("token")})  # sink
        return Response({"valid": doc is not None})
