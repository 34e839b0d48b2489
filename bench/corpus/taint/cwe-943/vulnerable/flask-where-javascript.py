# label: CWE-943
# framework: flask
# flow: a query value inside a $where JavaScript expression
from flask import Flask, jsonify, request
from pymongo import MongoClient

app = Flask(__name__)
docs = MongoClient()["wiki"]["pages"]


@app.route("/pages/by-owner")
def by_owner():
    owner = request.args.get("owner", "")
    cursor = docs.find({"$where": f"this.owner == '{owner}'"}, {"_id": 0, "title": 1})  # sink
    return jsonify(list(cursor))
