# label: CWE-730
# framework: flask
# flow: a search term used as the pattern of re.search over a long document
import re

from flask import Flask, request

app = Flask(__name__)


@app.route("/doc/contains")
def doc_contains():
    term = request.args.get("term", "")
    with open("/srv/app/handbook.txt", encoding="utf-8") as fh:
        text = fh.read()
    return {"found": re.search(term, text) is not None}  # sink
