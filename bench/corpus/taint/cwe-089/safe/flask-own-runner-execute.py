# label: safe CWE-89
# framework: flask
# why: `execute` is a method of the project's own job runner (no database behind it); only receivers of unknown type are taken for DB-API cursors
from flask import Flask, request

app = Flask(__name__)


class JobRunner:
    def __init__(self):
        self.pending = []

    def execute(self, job_name):
        self.pending.append(job_name.strip())
        return len(self.pending)


runner = JobRunner()


@app.post("/jobs")
def enqueue():
    position = runner.execute(request.form["job"])  # sink
    return {"position": position}
