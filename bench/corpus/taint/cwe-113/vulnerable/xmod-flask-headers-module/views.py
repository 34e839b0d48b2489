# label: CWE-113
# framework: flask (cross-module: the header value is built in naming.py)
# flow: another module builds the header value from its argument; the view sets it
from flask import Flask, make_response, request

from naming import disposition

app = Flask(__name__)


@app.route("/report.txt")
def report():
    resp = make_response("report body")
    resp.headers["Content-Disposition"] = disposition(request.args.get("name", "report"))  # sink
    return resp
