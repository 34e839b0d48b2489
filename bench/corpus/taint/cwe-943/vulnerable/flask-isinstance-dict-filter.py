# label: CWE-943
# framework: flask
# flow: a JSON body field checked to be a dict is passed as the filter, operators included
from flask import Flask, abort, request
from pymongo import MongoClient

app = Flask(__name__)
users = MongoClient()["app"]["users"]


@app.post("/users/search")
def search_users():
    criteria = request.get_json().get("where")
    if not isinstance(criteria, dict):
        abort(400)
    found = list(users.find(criteria, {"_id": 0, "password": 0}))  # sink
    return {"users": found}
