# label: safe CWE-943
# framework: django
# why: ObjectId() accepts only a 24-hex-digit id
from bson import ObjectId
from django.http import JsonResponse
from pymongo import MongoClient

events = MongoClient()["audit"]["events"]


def event_detail(request):
    oid = ObjectId(request.GET.get("id", ""))
    doc = events.find_one({"_id": oid}, {"_id": 0})  # sink
    return JsonResponse(doc or {})
