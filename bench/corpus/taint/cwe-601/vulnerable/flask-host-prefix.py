# label: CWE-601
# framework: flask
# flow: the client chooses the host part of the redirect URL
from flask import Flask, redirect, request

app = Flask(__name__)


@app.route("/lang")
def switch_language():
    site = request.args.get("site", "https://example.com")
    lang = request.args.get("lang", "en")
    return redirect(site + "/" + lang + "/")  # sink
