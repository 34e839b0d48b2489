# label: safe CWE-117
# framework: django
# why: the page number is converted to int before logging
import logging

from django.http import JsonResponse

logger = logging.getLogger("catalog")


def listing(request):
    page = int(request.GET.get("page", "1"))
    logger.info("listing page %d", page)  # sink
    return JsonResponse({"page": page})
