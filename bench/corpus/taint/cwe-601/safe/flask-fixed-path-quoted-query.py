# label: safe CWE-601
# framework: flask
# why: the target starts with a constant local path; the input is URL-quoted into the query string
from urllib.parse import quote

from flask import Flask, redirect, request

app = Flask(__name__)


@app.route("/legacy-search")
def legacy_search():
    q = request.args.get("q", "")
    return redirect("/search?q=" + quote(q, safe=""))  # sink
