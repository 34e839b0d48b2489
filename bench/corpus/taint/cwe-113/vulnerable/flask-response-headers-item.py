# label: CWE-113
# framework: flask
# flow: a query value written into a response header by item assignment
from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/export")
def export():
    label = request.args.get("label", "export")
    resp = make_response("id,total\n1,10\n")
    resp.headers["X-Export-Label"] = label  # sink
    resp.mimetype = "text/csv"
    return resp
