# label: safe CWE-501
# framework: flask
# why: only the constant "role" field is stored; the claimed role is just compared
from flask import Flask, request, session

app = Flask(__name__)
app.secret_key = "change-me"


@app.route("/enter")
def enter():
    info = {"role": "viewer", "claimed": request.headers.get("X-Role", "")}
    session["role"] = info["role"]  # sink
    return {"claimed_matches": info["claimed"] == info["role"]}
