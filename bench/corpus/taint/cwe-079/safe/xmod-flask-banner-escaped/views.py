# label: safe CWE-79
# framework: flask (cross-module: the HTML is built and escaped in widgets.py)
# why: the helper in another module escapes the text before wrapping it
from flask import Flask, request

from widgets import banner

app = Flask(__name__)


@app.route("/notice")
def notice():
    html = banner(request.args.get("msg", ""), level="info")
    return html  # sink
