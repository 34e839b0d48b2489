# label: CWE-501
# framework: flask
# flow: a form field stored through session.update as the user id
from flask import Flask, request, session

app = Flask(__name__)
app.secret_key = "change-me"


@app.post("/impersonate")
def impersonate():
    uid = request.form.get("uid", "")
    session.update(user_id=uid, impersonating=True)  # sink
    return {"ok": True}
