# label: safe CWE-113
# framework: flask
# why: only the constant "cache" field becomes a header
from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/profile-card")
def profile_card():
    meta = {"cache": "private, max-age=60", "display": request.args.get("display", "")}
    resp = make_response({"display_length": len(meta["display"])})
    resp.headers["Cache-Control"] = meta["cache"]  # sink
    return resp
