# label: safe CWE-601
# framework: flask
# why: the branch that follows the parameter is behind a constant false condition
from flask import Flask, redirect, request

app = Flask(__name__)


@app.route("/portal")
def portal():
    target = "/home"
    if 10 < 3:
        target = request.args.get("next", "/")
    return redirect(target)  # sink
