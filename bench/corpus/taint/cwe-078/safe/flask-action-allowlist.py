# label: safe CWE-78
# framework: flask
# why: the action must be one of three constants before it is used
import os

from flask import Flask, abort, request

app = Flask(__name__)


@app.post("/service")
def service():
    action = request.form.get("action", "status")
    if action not in ("start", "stop", "status"):
        abort(400)
    rc = os.system(f"systemctl {action} webapp")  # sink
    return {"rc": rc}
