# label: CWE-117
# framework: django
# flow: a GET value logged through the logging module functions
import logging

from django.http import JsonResponse


def track(request):
    campaign = request.GET.get("utm_campaign", "")
    logging.info("campaign hit: " + campaign)  # sink
    return JsonResponse({"tracked": True})
