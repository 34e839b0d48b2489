# label: CWE-78
# framework: flask
# flow: a job object keeps the request value in self and runs it in another method
import subprocess

from flask import Flask, request

app = Flask(__name__)


class ConvertJob:
    def __init__(self, fmt):
        self.fmt = fmt

    def command(self):
        return "pandoc /srv/docs/manual.md -o /tmp/manual." + self.fmt

    def run(self):
        return subprocess.call(self.command(), shell=True)  # sink


@app.route("/manual")
def manual():
    job = ConvertJob(request.args.get("format", "pdf"))
    return {"rc": job.run()}
