# label: CWE-78
# framework: flask
# flow: the field of the dict that holds the request value reaches a shell
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/run")
def run_step():
    parts = {"keep": "make clean", "user": request.values.get("p")}
    subprocess.run(parts["user"], shell=True)  # sink
    return "done"
