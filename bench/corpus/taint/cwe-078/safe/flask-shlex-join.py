# label: safe CWE-78
# framework: flask
# why: shlex.join quotes every element of the argument list
import shlex
import subprocess

from flask import Flask, request

app = Flask(__name__)


def shell_line(argv):
    return shlex.join(argv)


@app.route("/search-logs")
def search_logs():
    term = request.args.get("term", "")
    cmd = shell_line(["grep", "-rn", "--", term, "/var/log/app"])
    out = subprocess.run(cmd, shell=True, capture_output=True, text=True)  # sink
    return {"matches": out.stdout.splitlines()}
