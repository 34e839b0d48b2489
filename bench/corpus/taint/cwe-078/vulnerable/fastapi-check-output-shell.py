# label: CWE-78
# framework: fastapi
# flow: a query parameter in check_output(shell=True)
import subprocess

from fastapi import FastAPI

app = FastAPI()


@app.get("/commits")
def commits(author: str):
    out = subprocess.check_output("git log --oneline --author=" + author, shell=True, cwd="/srv/repo")  # sink
    return {"commits": out.decode().splitlines()}
