# label: safe CWE-79
# framework: flask
# why: markupsafe.escape encodes the HTML special characters
from flask import Flask, request
from markupsafe import escape

app = Flask(__name__)


@app.route("/search")
def search():
    q = request.args.get("q", "")
    return f"<h2>No results for {escape(q)}</h2><a href='/'>back</a>"  # sink
