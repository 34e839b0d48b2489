# label: safe CWE-113
# framework: flask (cross-module: the header value is built in naming.py)
# why: the helper in another module percent-encodes the name
from flask import Flask, make_response, request

from naming import disposition

app = Flask(__name__)


@app.route("/report.txt")
def report():
    resp = make_response("report body")
    resp.headers["Content-Disposition"] = disposition(request.args.get("name", "report"))  # sink
    return resp
