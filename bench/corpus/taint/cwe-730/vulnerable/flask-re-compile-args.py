# label: CWE-730
# framework: flask
# flow: a pattern from the query string compiled and run over server data
import re

from flask import Flask, jsonify, request

app = Flask(__name__)
HOSTS = ["web-01.prod", "web-02.prod", "db-01.prod"]


@app.route("/hosts/filter")
def filter_hosts():
    pattern = re.compile(request.args.get("re", ".*"))  # sink
    return jsonify([h for h in HOSTS if pattern.search(h)])
