# label: CWE-117
# framework: flask
# flow: a login name concatenated into a log message (a newline forges a second entry)
import logging

from flask import Flask, request

app = Flask(__name__)
logger = logging.getLogger("auth")


@app.post("/login")
def login():
    username = request.form.get("username", "")
    logger.warning("failed login for user " + username)  # sink
    return {"ok": False}, 401
