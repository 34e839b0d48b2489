# label: CWE-117
# framework: flask
# flow: a value passed as a %s argument of the logger is formatted into the record unchanged
import logging

from flask import Flask, request

app = Flask(__name__)
log = logging.getLogger(__name__)


@app.route("/search")
def search():
    q = request.args.get("q", "")
    log.info("search query: %s", q)  # sink
    return {"results": []}
