# label: safe CWE-78
# framework: flask
# why: an argument list without a shell; the domain is one argument after --
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/whois")
def whois():
    domain = request.headers.get("X-Domain", "example.org")
    out = subprocess.run(["whois", "--", domain], capture_output=True, text=True, timeout=10)  # sink
    return {"whois": out.stdout}
