# label: CWE-78
# framework: flask
# flow: a cookie is base64-decoded; decoding does not remove attacker text
import base64
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/export")
def export():
    raw = request.cookies.get("export_opts", "")
    opts = base64.b64decode(raw).decode("utf-8")
    subprocess.check_call("pg_dump " + opts + " shop > /tmp/shop.sql", shell=True)  # sink
    return "exported"
