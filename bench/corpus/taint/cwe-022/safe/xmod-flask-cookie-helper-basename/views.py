# label: safe CWE-22
# framework: flask (cross-module: the cookie is read and reduced in helpers.py)
# why: the helper in another module returns only the base name of the cookie
import os

from flask import Flask, Response, request

from helpers import pick_safe

app = Flask(__name__)
BASE = "/srv/themes"


@app.route("/theme.css")
def theme():
    with open(os.path.join(BASE, pick_safe(request))) as fh:  # sink
        return Response(fh.read(), mimetype="text/css")
