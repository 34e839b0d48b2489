# label: CWE-22
# framework: flask
# flow: an upload saved under the file name the client chose
import os

from flask import Flask, request

app = Flask(__name__)
UPLOAD_DIR = "/srv/uploads"


@app.post("/upload")
def upload():
    f = request.files["attachment"]
    f.save(os.path.join(UPLOAD_DIR, f.filename))  # sink
    return "stored", 201
