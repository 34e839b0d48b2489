# label: CWE-22
# framework: flask (cross-module: the cookie is read in helpers.py)
# flow: a helper in another module returns a cookie; the view opens a path built from it
import os

from flask import Flask, request

from helpers import pick

app = Flask(__name__)
BASE = "/srv/themes"


@app.route("/theme.css")
def theme():
    with open(os.path.join(BASE, pick(request))) as fh:  # sink
        return fh.read(), 200, {"Content-Type": "text/css"}
