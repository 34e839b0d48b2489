# label: CWE-78
# framework: flask
# flow: the client chooses the program that subprocess runs (no shell, but the executable is theirs)
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/tools/version")
def tool_version():
    tool = request.args.get("tool", "python3")
    out = subprocess.run([tool, "--version"], capture_output=True, text=True, timeout=5)  # sink
    return {"version": out.stdout.strip()}
