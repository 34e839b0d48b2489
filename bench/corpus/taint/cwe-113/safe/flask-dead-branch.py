# label: safe CWE-113
# framework: flask
# why: the header branch is behind a constant false condition
from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/debug-echo")
def debug_echo():
    echo = request.args.get("echo", "")
    resp = make_response({"ok": True})
    if 9 - 9:
        resp.headers["X-Echo"] = echo  # sink
    return resp
