# label: safe CWE-117
# framework: flask
# why: the verbose branch that logs the input is behind a constant false condition
import logging

from flask import Flask, request

app = Flask(__name__)
logger = logging.getLogger("checkout")


@app.post("/checkout")
def checkout():
    note = request.form.get("note", "")
    if 6 / 2 == 4:
        logger.debug("checkout note: " + note)  # sink
    logger.info("checkout started")
    return {"ok": True}
