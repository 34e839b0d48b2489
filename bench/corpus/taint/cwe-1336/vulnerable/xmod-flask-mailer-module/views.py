# label: helper
from flask import Flask, request

from mailer import render_signature

app = Flask(__name__)


@app.post("/signature")
def signature():
    return {"text": render_signature(request.form.get("sig", ""), name="Ada")}
