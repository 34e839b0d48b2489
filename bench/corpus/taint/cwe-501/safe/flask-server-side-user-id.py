# label: safe CWE-501
# framework: flask
# why: the stored id is the one the server looked up after checking the password
from flask import Flask, request, session
from werkzeug.security import check_password_hash

app = Flask(__name__)
app.secret_key = "change-me"
ACCOUNTS = {"ada": (1, "pbkdf2:sha256:600000$salt$hash"), "grace": (2, "pbkdf2:sha256:600000$salt$hash2")}


@app.post("/login")
def login():
    name = request.form.get("name", "")
    password = request.form.get("password", "")
    account_id, pw_hash = ACCOUNTS.get(name, (None, None))
    if account_id is None or not check_password_hash(pw_hash, password):
        return {"ok": False}, 401
    session["account_id"] = account_id  # sink
    return {"ok": True}
