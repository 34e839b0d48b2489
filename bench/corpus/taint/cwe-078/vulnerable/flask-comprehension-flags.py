# label: CWE-78
# framework: flask
# flow: a generator expression builds command-line flags from repeated parameters
import os

from flask import Flask, request

app = Flask(__name__)


@app.route("/lint")
def lint():
    flags = " ".join(f"--enable={name}" for name in request.args.getlist("check"))
    rc = os.system("pylint " + flags + " /srv/app")  # sink
    return {"rc": rc}
