# label: safe CWE-943
# framework: flask (cross-module: views.py passes request data to this module)
# why: the helper in another module builds the filter from str() of one field
from pymongo import MongoClient

tickets = MongoClient()["support"]["tickets"]


def find_tickets(criteria):
    return list(tickets.find({"status": str(criteria.get("status", "open"))}, {"_id": 0}))  # sink
