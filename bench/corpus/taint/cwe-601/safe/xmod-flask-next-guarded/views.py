# label: safe CWE-601
# framework: flask (cross-module: the next URL is read and checked in navigation.py)
# why: the helper in another module returns the default unless the host is allow-listed
from flask import Flask, redirect, request

from navigation import safe_next_url

app = Flask(__name__)


@app.route("/done")
def done():
    return redirect(safe_next_url(request))  # sink
