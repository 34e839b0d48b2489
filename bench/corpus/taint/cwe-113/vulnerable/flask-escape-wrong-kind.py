# label: CWE-113
# framework: flask
# flow: HTML escaping keeps CR and LF, which split the header
from flask import Flask, make_response, request
from markupsafe import escape

app = Flask(__name__)


@app.route("/lang")
def lang():
    value = str(escape(request.args.get("lang", "en")))
    resp = make_response({"ok": True})
    resp.headers["Content-Language"] = value  # sink
    return resp
