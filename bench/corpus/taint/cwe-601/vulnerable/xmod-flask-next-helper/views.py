# label: CWE-601
# framework: flask (cross-module: the next URL is read in navigation.py)
# flow: another module returns the next parameter; the view redirects to it
from flask import Flask, redirect, request

from navigation import next_url

app = Flask(__name__)


@app.route("/done")
def done():
    return redirect(next_url(request))  # sink
