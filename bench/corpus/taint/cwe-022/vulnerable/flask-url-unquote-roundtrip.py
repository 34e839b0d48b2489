# label: CWE-22
# framework: flask
# flow: unquoting a quoted value gives back the original text, ../ included
from urllib.parse import quote, unquote

from flask import Flask, request

app = Flask(__name__)


@app.route("/thumb")
def thumb():
    token = quote(request.args.get("img", ""))
    name = unquote(token)
    with open(f"/srv/thumbs/{name}", "rb") as fh:  # sink
        return fh.read(), 200, {"Content-Type": "image/jpeg"}
