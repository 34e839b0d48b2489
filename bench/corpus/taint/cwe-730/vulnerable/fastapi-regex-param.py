# label: CWE-730
# framework: fastapi
# flow: a query parameter compiled as a regular expression
import re

from fastapi import FastAPI

app = FastAPI()
LOG_LINES = open("/var/log/app/recent.log", encoding="utf-8").read().splitlines()


@app.get("/logs/grep")
def grep_logs(expr: str):
    rx = re.compile(expr, re.IGNORECASE)  # sink
    return {"lines": [line for line in LOG_LINES if rx.search(line)][:100]}
