# label: safe CWE-601
# framework: flask
# why: the parsed host of the target must be one of the application's own hosts
from urllib.parse import urlparse

from flask import Flask, redirect, request, session

app = Flask(__name__)
ALLOWED = {"example.com", "www.example.com"}


@app.post("/login")
def login():
    session["user"] = "demo"
    target = request.args.get("next", "/")
    if urlparse(target).netloc in ALLOWED:
        return redirect(target)  # sink
    return redirect("/")
