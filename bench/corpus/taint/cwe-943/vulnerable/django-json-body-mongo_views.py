# label: CWE-943
# framework: django
# flow: the parsed request body used as a whole as the query filter
import json

from django.http import JsonResponse
from pymongo import MongoClient

events = MongoClient()["audit"]["events"]


def search_events(request):
    criteria = json.loads(request.body)
    hits = events.count_documents(criteria)  # sink
    return JsonResponse({"hits": hits})
