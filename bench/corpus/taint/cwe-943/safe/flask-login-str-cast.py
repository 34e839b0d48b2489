# label: safe CWE-943
# framework: flask
# why: str() turns any operator object into plain text, so only equality matches remain
from flask import Flask, request
from pymongo import MongoClient

app = Flask(__name__)
users = MongoClient("mongodb://localhost:27017")["app"]["users"]


@app.post("/api/login")
def api_login():
    data = request.get_json()
    user = users.find_one({"username": str(data["username"]), "pw_hash": str(data["pw_hash"])})  # sink
    return {"ok": user is not None}
