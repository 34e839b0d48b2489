# label: safe CWE-22
# framework: flask
# why: the joined path is resolved and must stay under the resolved base directory
from pathlib import Path

from flask import Flask, abort, request

app = Flask(__name__)
BASE = Path("/srv/mail-templates").resolve()


@app.get("/template")
def template():
    target = (BASE / request.args.get("name", "welcome.txt")).resolve()
    if not target.is_relative_to(BASE):
        abort(404)
    return {"body": target.read_text()}  # sink
