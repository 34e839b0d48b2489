# label: safe CWE-22
# framework: flask
# why: the resolved path must stay under the resolved base directory
import os

from flask import Flask, Response, abort, request

app = Flask(__name__)
BASE = os.path.realpath("/srv/data/exports")


@app.route("/download")
def download():
    candidate = os.path.realpath(os.path.join(BASE, request.args.get("file", "")))
    if not candidate.startswith(BASE + os.sep):
        abort(403)
    with open(candidate, "rb") as fh:  # sink
        return Response(fh.read(), mimetype="application/octet-stream")
