# label: CWE-943
# framework: flask (cross-module: views.py passes request data to this module)
# flow: a helper in another module uses its argument as the filter
from pymongo import MongoClient

tickets = MongoClient()["support"]["tickets"]


def find_tickets(criteria):
    return list(tickets.find(criteria, {"_id": 0}))  # sink
