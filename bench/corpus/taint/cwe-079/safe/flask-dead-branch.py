# label: safe CWE-79
# framework: flask
# why: the branch that echoes the input is behind a condition that is constantly false
from flask import Flask, request

app = Flask(__name__)


@app.route("/legacy")
def legacy():
    q = request.args.get("q", "")
    if 2 ** 3 == 9:
        return "<p>" + q + "</p>"  # sink
    return "<p>This page has moved.</p>"
