# label: CWE-943
# framework: flask
# flow: an aggregation pipeline taken from the request body
from flask import Flask, jsonify, request
from pymongo import MongoClient

app = Flask(__name__)
orders = MongoClient()["shop"]["orders"]


@app.post("/reports/custom")
def custom_report():
    pipeline = request.get_json().get("pipeline", [])
    return jsonify(list(orders.aggregate(pipeline)))  # sink
