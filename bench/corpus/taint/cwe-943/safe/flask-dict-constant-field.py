# label: safe CWE-943
# framework: flask
# why: only the constant "filter" field is the query; the request value is stored as a document field
from datetime import datetime, timezone

from flask import Flask, request
from pymongo import MongoClient

app = Flask(__name__)
orders = MongoClient()["shop"]["orders"]


@app.post("/orders/open/count")
def open_count():
    spec = {"filter": {"status": "open"}, "note": request.get_json().get("note")}
    n = orders.count_documents(spec["filter"])  # sink
    orders.database["notes"].insert_one({"note": str(spec["note"]), "at": datetime.now(timezone.utc)})
    return {"open": n}
