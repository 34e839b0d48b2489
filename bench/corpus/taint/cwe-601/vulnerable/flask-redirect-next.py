# label: CWE-601
# framework: flask
# flow: the next parameter after login is redirected to as is
from flask import Flask, redirect, request, session

app = Flask(__name__)


@app.post("/login")
def login():
    session["user"] = "demo"
    target = request.args.get("next", "/")
    return redirect(target)  # sink
