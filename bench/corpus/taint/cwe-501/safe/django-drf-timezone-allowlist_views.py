# label: safe CWE-501
# framework: django (REST framework)
# why: the time zone is stored only when it is one of the supported constants
from rest_framework.response import Response
from rest_framework.views import APIView

ZONES = ("UTC", "Europe/Paris", "America/New_York")


class SetTimezone(APIView):
    def post(self, request):
        tz = request.data.get("tz", "UTC")
        request.session["tz"] = tz if tz in ZONES else "UTC"  # sink
        return Response({"tz": request.session["tz"]})
