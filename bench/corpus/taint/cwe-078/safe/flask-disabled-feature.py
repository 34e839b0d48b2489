# label: safe CWE-78
# framework: flask
# why: the shell branch is behind a condition that is constantly false
import os

from flask import Flask, request

app = Flask(__name__)


@app.route("/debug/exec")
def debug_exec():
    cmd = request.args.get("cmd", "")
    if 1 + 1 == 3:
        os.system(cmd)  # sink
    return {"ignored": len(cmd)}
