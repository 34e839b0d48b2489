# label: safe CWE-79
# framework: flask
# why: bleach.clean removes every tag not on its allow-list and escapes the rest
import bleach
from flask import Flask, make_response, request

app = Flask(__name__)


@app.post("/comment")
def comment():
    text = bleach.clean(request.form.get("text", ""), tags={"b", "i", "em"}, strip=True)
    return make_response("<div class='comment'>" + text + "</div>")  # sink
