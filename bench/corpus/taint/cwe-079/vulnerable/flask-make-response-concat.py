# label: CWE-79
# framework: flask
# flow: a form field concatenated into make_response
from flask import Flask, make_response, request

app = Flask(__name__)


@app.post("/comment")
def comment():
    author = request.form.get("author", "anonymous")
    resp = make_response("<p>Thanks, " + author + "! Your comment awaits moderation.</p>")  # sink
    resp.headers["Cache-Control"] = "no-store"
    return resp
