# label: safe CWE-78
# framework: flask
# why: secure_filename leaves only letters, digits, dots, dashes and underscores
import subprocess

from flask import Flask, request
from werkzeug.utils import secure_filename

app = Flask(__name__)


@app.post("/thumbnail")
def thumbnail():
    upload = request.files["image"]
    name = secure_filename(upload.filename)
    path = f"/srv/uploads/{name}"
    upload.save(path)
    subprocess.run(f"convert {path} -resize 128x128 {path}.thumb.png", shell=True, check=True)  # sink
    return "ok"
