# label: CWE-730
# framework: flask
# flow: a prefix inserted into a larger pattern with an f-string
import re

from flask import Flask, jsonify, request

app = Flask(__name__)
SKUS = ["AB-1001", "AB-1002", "CD-2001"]


@app.route("/skus")
def skus():
    prefix = request.args.get("prefix", "AB")
    rx = re.compile(f"^{prefix}-\\d+$")  # sink
    return jsonify([s for s in SKUS if rx.match(s)])
