# label: safe CWE-78
# framework: flask
# why: the constant field of the dict reaches the shell, not the field holding the request value
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/run")
def run_step():
    parts = {"keep": "make clean", "user": request.values.get("p")}
    subprocess.run(parts["keep"], shell=True)  # sink
    return "done"
