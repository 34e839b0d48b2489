# label: CWE-22
# framework: flask
# flow: a path-converter route parameter handed to send_file
import os

from flask import Flask, send_file

app = Flask(__name__)
REPORTS = "/var/reports"


@app.route("/reports/<path:name>")
def report(name):
    return send_file(os.path.join(REPORTS, name))  # sink
