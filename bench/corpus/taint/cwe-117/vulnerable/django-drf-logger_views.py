# label: CWE-117
# framework: django (REST framework)
# flow: a field of request.data written into a log record
import logging

from rest_framework.decorators import api_view
from rest_framework.response import Response

logger = logging.getLogger("signup")


@api_view(["POST"])
def signup(request):
    email = request.data.get("email", "")
    logger.info("signup attempt for %s", email)  # sink
    return Response({"queued": True}, status=202)
