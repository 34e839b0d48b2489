# label: CWE-943
# framework: flask
# flow: JSON body values used as filter values; {"$ne": null} matches any password
from flask import Flask, request
from pymongo import MongoClient

app = Flask(__name__)
users = MongoClient("mongodb://localhost:27017")["app"]["users"]


@app.post("/api/login")
def api_login():
    data = request.get_json()
    user = users.find_one({"username": data["username"], "password": data["password"]})  # sink
    return {"ok": user is not None}
