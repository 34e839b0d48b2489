# label: CWE-79
# framework: flask (cross-module: the HTML is built in widgets.py)
# flow: another module wraps the value in HTML; the view returns it
from flask import Flask, request

from widgets import banner

app = Flask(__name__)


@app.route("/notice")
def notice():
    html = banner(request.args.get("msg", ""), level="info")
    return html  # sink
