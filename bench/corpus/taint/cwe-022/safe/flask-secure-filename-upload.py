# label: safe CWE-22
# framework: flask
# why: secure_filename strips path separators and leading dots
import os

from flask import Flask, request
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOAD_DIR = "/srv/uploads"


@app.post("/upload")
def upload():
    f = request.files["attachment"]
    f.save(os.path.join(UPLOAD_DIR, secure_filename(f.filename)))  # sink
    return "stored", 201
