# label: safe CWE-95
# framework: flask
# why: the eval branch is behind a constant false condition
import json

from flask import Flask, request

app = Flask(__name__)
ALLOW_EXPRESSIONS = False


@app.route("/filter")
def filter_view():
    spec = request.args.get("spec", "{}")
    if ALLOW_EXPRESSIONS and 5 < 2:
        parsed = eval(spec)  # sink
    else:
        parsed = json.loads(spec)
    return {"keys": sorted(parsed)}
