# label: safe CWE-79
# framework: flask
# why: jsonify answers with application/json, which the browser does not render as HTML
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/search")
def search():
    q = request.args.get("q", "")
    return jsonify({"query": q, "results": []})  # sink
