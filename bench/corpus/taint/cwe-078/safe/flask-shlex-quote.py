# label: safe CWE-78
# framework: flask
# why: shlex.quote makes the host a single shell word
import os
import shlex

from flask import Flask, request

app = Flask(__name__)


@app.route("/diag/ping")
def ping():
    host = request.args.get("host", "localhost")
    status = os.system("ping -c 1 -W 2 " + shlex.quote(host))  # sink
    return {"reachable": status == 0}
