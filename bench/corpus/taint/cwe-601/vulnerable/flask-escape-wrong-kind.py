# label: CWE-601
# framework: flask
# flow: HTML-escaping a URL does not restrict where it points
from flask import Flask, redirect, request
from markupsafe import escape

app = Flask(__name__)


@app.route("/out")
def outbound():
    url = str(escape(request.args.get("url", "/")))
    return redirect(url, code=302)  # sink
