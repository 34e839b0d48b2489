# label: safe CWE-601
# framework: flask
# why: url_for builds a path inside the application; the value only fills a route parameter
from flask import Flask, redirect, request, url_for

app = Flask(__name__)


@app.route("/find")
def find():
    username = request.args.get("user", "")
    return redirect(url_for("profile", username=username))  # sink


@app.route("/u/<username>")
def profile(username):
    return {"user": username}
