# label: safe CWE-117
# framework: django (REST framework)
# why: the address is logged as its repr, so line breaks appear escaped
import logging

from rest_framework.decorators import api_view
from rest_framework.response import Response

logger = logging.getLogger("signup")


@api_view(["POST"])
def signup(request):
    email = request.data.get("email", "")
    logger.info("signup attempt for %s", repr(email))  # sink
    return Response({"queued": True}, status=202)
