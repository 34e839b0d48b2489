# label: CWE-501
# framework: flask
# flow: an object wrapping the request stores the claimed role in the session
from flask import Flask, request, session

app = Flask(__name__)
app.secret_key = "change-me"


class Onboarding:
    def __init__(self, req):
        self.role = req.form.get("role", "viewer")

    def save(self):
        session["role"] = self.role  # sink


@app.post("/onboarding")
def onboarding():
    Onboarding(request).save()
    return {"saved": True}
