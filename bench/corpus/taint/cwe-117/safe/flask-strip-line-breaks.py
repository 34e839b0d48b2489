# label: safe CWE-117
# framework: flask
# why: carriage returns and line feeds are removed before logging
import logging

from flask import Flask, request

app = Flask(__name__)
log = logging.getLogger(__name__)


@app.route("/search")
def search():
    q = request.args.get("q", "").replace("\r", "").replace("\n", "")
    log.info("search query: %s", q)  # sink
    return {"results": []}
