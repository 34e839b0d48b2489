# label: CWE-502
# framework: flask
# flow: a query token decoded from URL-safe base64 and loaded with dill
import base64

import dill
from flask import Flask, request

app = Flask(__name__)


@app.route("/resume")
def resume():
    token = request.args.get("t", "")
    job = dill.loads(base64.urlsafe_b64decode(token.encode()))  # sink
    return {"job": str(job)[:80]}
