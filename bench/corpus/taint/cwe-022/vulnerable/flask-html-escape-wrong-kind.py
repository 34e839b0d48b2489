# label: CWE-22
# framework: flask
# flow: html.escape does not touch dots or slashes, so ../ survives
import html
import os

from flask import Flask, request

app = Flask(__name__)


@app.route("/avatar")
def avatar():
    user = html.escape(request.args.get("user", "anonymous"))
    with open(os.path.join("/srv/avatars", user + ".png"), "rb") as fh:  # sink
        data = fh.read()
    return data, 200, {"Content-Type": "image/png"}
