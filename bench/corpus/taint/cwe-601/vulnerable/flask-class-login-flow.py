# label: CWE-601
# framework: flask
# flow: a class wraps the request and keeps the return URL in self
from flask import Flask, redirect, request

app = Flask(__name__)


class LoginFlow:
    def __init__(self, req):
        self.return_to = req.form.get("return_to") or "/dashboard"

    def finish(self):
        return redirect(self.return_to)  # sink


@app.post("/sso/callback")
def sso_callback():
    flow = LoginFlow(request)
    return flow.finish()
