# label: safe CWE-117
# framework: flask
# why: only the length of the comment is logged
import logging

from flask import Flask, request

app = Flask(__name__)
logger = logging.getLogger("comments")


@app.post("/comments")
def add_comment():
    text = request.form.get("text", "")
    logger.info("comment received, %d characters", len(text))  # sink
    return {"stored": True}, 201
