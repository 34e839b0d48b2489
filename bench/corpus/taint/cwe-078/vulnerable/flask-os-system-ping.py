# label: CWE-78
# framework: flask
# flow: a host name from the query string concatenated into os.system
import os

from flask import Flask, request

app = Flask(__name__)


@app.route("/diag/ping")
def ping():
    host = request.args.get("host", "localhost")
    status = os.system("ping -c 1 -W 2 " + host)  # sink
    return {"reachable": status == 0}
