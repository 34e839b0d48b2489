# label: safe CWE-113
# framework: flask
# why: CR and LF are removed from the value before it becomes a header
from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/lang")
def lang():
    value = request.args.get("lang", "en").replace("\r", "").replace("\n", "")
    resp = make_response({"ok": True})
    resp.headers["Content-Language"] = value  # sink
    return resp
