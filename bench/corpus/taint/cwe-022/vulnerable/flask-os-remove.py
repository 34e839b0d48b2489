# label: CWE-22
# framework: flask
# flow: a form field names the file that os.remove deletes
import os

from flask import Flask, request

app = Flask(__name__)
TMP = "/srv/tmp"


@app.post("/cleanup")
def cleanup():
    victim = request.form["name"].strip()
    os.remove(os.path.join(TMP, victim))  # sink
    return "", 204
