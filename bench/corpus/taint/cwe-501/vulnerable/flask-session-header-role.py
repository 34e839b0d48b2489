# label: CWE-501
# framework: flask
# flow: a request header stored in the session as the user's tenant
from flask import Flask, request, session

app = Flask(__name__)
app.secret_key = "change-me"


@app.route("/enter")
def enter():
    session["tenant"] = request.headers.get("X-Tenant")  # sink
    return {"ok": True}
