# label: CWE-22
# framework: flask
# flow: a query value joined to a base directory and opened
import os

from flask import Flask, request

app = Flask(__name__)
DOCS = "/srv/app/docs"


@app.route("/doc")
def doc():
    page = request.args.get("page", "index.md")
    with open(os.path.join(DOCS, page), encoding="utf-8") as fh:  # sink
        text = fh.read()
    return {"markdown": text}
