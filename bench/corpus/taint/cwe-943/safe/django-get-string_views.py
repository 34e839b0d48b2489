# label: safe CWE-943
# framework: django
# why: request.GET values are always strings, so they can only be compared for equality
from django.http import JsonResponse
from pymongo import MongoClient

accounts = MongoClient()["app"]["accounts"]


def account_by_email(request):
    doc = accounts.find_one({"email": request.GET.get("email", "")}, {"_id": 0, "name": 1})  # sink
    return JsonResponse(doc or {})
