# label: safe CWE-22
# framework: flask
# why: send_from_directory joins the name safely under a constant directory
from flask import Flask, send_from_directory

app = Flask(__name__)
REPORTS = "/var/reports"


@app.route("/reports/<path:name>")
def report(name):
    return send_from_directory(REPORTS, name)  # sink
