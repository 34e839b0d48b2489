# label: helper
from flask import Flask, request

from prefs import remember_locale

app = Flask(__name__)
app.secret_key = "change-me"


@app.post("/locale")
def locale():
    remember_locale(request.form.get("locale", "en_GB"))
    return {"ok": True}
