# label: safe CWE-113
# framework: flask
# why: urllib.parse.quote percent-encodes CR and LF
from urllib.parse import quote

from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/export")
def export():
    label = quote(request.args.get("label", "export"))
    resp = make_response("id,total\n1,10\n")
    resp.headers["X-Export-Label"] = label  # sink
    resp.mimetype = "text/csv"
    return resp
