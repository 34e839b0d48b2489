# label: helper
from flask import Flask, request

from auth import remember_user

app = Flask(__name__)
app.secret_key = "change-me"


@app.post("/remember")
def remember():
    remember_user(request.form.get("name", ""))
    return {"ok": True}
