# label: CWE-22
# framework: flask
# flow: a prefix check on the unresolved path is not a guard: exports/../../etc/passwd passes it
from flask import Flask, abort, request

app = Flask(__name__)


@app.route("/download")
def download():
    rel = request.args.get("file", "")
    if not rel.startswith("exports/"):
        abort(403)
    with open("/srv/data/" + rel, "rb") as fh:  # sink
        return fh.read()
