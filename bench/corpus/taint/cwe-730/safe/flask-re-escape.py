# label: safe CWE-730
# framework: flask
# why: re.escape makes the input match literally
import re

from flask import Flask, jsonify, request

app = Flask(__name__)
HOSTS = ["web-01.prod", "web-02.prod", "db-01.prod"]


@app.route("/hosts/filter")
def filter_hosts():
    pattern = re.compile(re.escape(request.args.get("q", "")))  # sink
    return jsonify([h for h in HOSTS if pattern.search(h)])
