# label: safe CWE-22
# framework: flask
# why: os.path.basename reduces the value to a single file name
import os

from flask import Flask, request

app = Flask(__name__)
DOCS = "/srv/app/docs"


@app.route("/doc")
def doc():
    page = os.path.basename(request.args.get("page", "index.md"))
    with open(os.path.join(DOCS, page), encoding="utf-8") as fh:  # sink
        text = fh.read()
    return {"markdown": text}
