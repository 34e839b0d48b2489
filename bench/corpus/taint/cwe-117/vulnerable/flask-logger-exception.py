# label: CWE-117
# framework: flask
# flow: a reference from the JSON body logged with logger.exception
import logging

from flask import Flask, request

app = Flask(__name__)
logger = logging.getLogger("payments")


@app.post("/payments/confirm")
def confirm():
    ref = request.get_json().get("reference", "")
    try:
        raise LookupError("no such payment")
    except LookupError:
        logger.exception("payment confirmation failed for reference %s", ref)  # sink
    return {"ok": False}, 404
