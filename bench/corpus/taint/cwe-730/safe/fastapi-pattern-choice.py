# label: safe CWE-730
# framework: fastapi
# why: the input selects one of a few constant patterns
import re

from fastapi import FastAPI

app = FastAPI()
PATTERNS = {"errors": r"\bERROR\b", "warnings": r"\bWARN(?:ING)?\b"}
LOG_LINES = ["ERROR disk full", "WARNING slow", "INFO ok"]


@app.get("/logs/grep")
def grep_logs(kind: str = "errors"):
    rx = re.compile(PATTERNS.get(kind, PATTERNS["errors"]))  # sink
    return {"lines": [line for line in LOG_LINES if rx.search(line)]}
