# label: CWE-22
# framework: flask
# flow: a pathlib.Path built from a form field and read
from pathlib import Path

from flask import Flask, request

app = Flask(__name__)
TEMPLATES_DIR = Path("/srv/mail-templates")


@app.post("/preview")
def preview():
    name = request.form.get("template", "welcome.txt")
    body = (TEMPLATES_DIR / name).read_text()  # sink
    return {"body": body}
