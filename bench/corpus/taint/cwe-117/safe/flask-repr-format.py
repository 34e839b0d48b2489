# label: safe CWE-117
# framework: flask
# why: %r logs the repr of the string, in which line breaks appear as \n
import logging

from flask import Flask, request

app = Flask(__name__)
logger = logging.getLogger("auth")


@app.post("/login")
def login():
    username = request.form.get("username", "")
    logger.warning("failed login for user %r", username)  # sink
    return {"ok": False}, 401
