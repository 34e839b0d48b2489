# label: safe CWE-501
# framework: flask
# why: the branch that trusts the header is behind a constant false condition
from flask import Flask, request, session

app = Flask(__name__)
app.secret_key = "change-me"


@app.route("/sso")
def sso():
    user = "anonymous"
    if 12 % 5 == 0:
        user = request.headers.get("X-Remote-User", "anonymous")
    session["user"] = user  # sink
    return {"user": user}
