# label: safe CWE-730
# framework: flask
# why: the prefix must be letters and digits only, so it holds no regex metacharacter
import re

from flask import Flask, abort, jsonify, request

app = Flask(__name__)
SKUS = ["AB-1001", "AB-1002", "CD-2001"]


@app.route("/skus")
def skus():
    prefix = request.args.get("prefix", "AB")
    if not re.fullmatch(r"[A-Z0-9]{1,8}", prefix):
        abort(400)
    rx = re.compile(f"^{prefix}-\\d+$")  # sink
    return jsonify([s for s in SKUS if rx.match(s)])
