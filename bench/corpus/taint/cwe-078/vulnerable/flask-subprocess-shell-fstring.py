# label: CWE-78
# framework: flask
# flow: an uploaded file's client-side name in a shell=True command line
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.post("/thumbnail")
def thumbnail():
    upload = request.files["image"]
    name = upload.filename
    upload.save("/tmp/incoming.bin")
    subprocess.run(f"convert /tmp/incoming.bin -resize 128x128 '/srv/thumbs/{name}.png'", shell=True, check=True)  # sink
    return "ok"
