# label: CWE-78
# framework: flask
# flow: an argument list that runs sh -c with a command string built from input is still a shell
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.post("/backup")
def backup():
    folder = request.form["folder"]
    script = f"tar czf /var/backups/site.tgz {folder}"
    subprocess.run(["sh", "-c", script], check=True)  # sink
    return "queued"
