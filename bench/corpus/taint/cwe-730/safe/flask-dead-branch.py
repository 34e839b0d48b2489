# label: safe CWE-730
# framework: flask
# why: the user-pattern branch is behind a constant false condition
import re

from flask import Flask, request

app = Flask(__name__)


@app.route("/match")
def match():
    word = request.args.get("w", "")
    pattern = r"\bdeprecated\b"
    if 1 > 2:
        pattern = word
    return {"hit": re.search(pattern, "this API is deprecated") is not None}  # sink
