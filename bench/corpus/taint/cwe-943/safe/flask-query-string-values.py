# label: safe CWE-943
# framework: flask
# why: request.args values are always strings, so they can only be matched for equality
from flask import Flask, jsonify, request
from pymongo import MongoClient

app = Flask(__name__)
docs = MongoClient()["wiki"]["pages"]


@app.route("/pages/by-owner")
def by_owner():
    owner = request.args.get("owner", "")
    cursor = docs.find({"owner": owner}, {"_id": 0, "title": 1})  # sink
    return jsonify(list(cursor))
