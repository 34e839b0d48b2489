# label: safe CWE-22
# framework: fastapi
# why: only the base name of the parameter is used
import os

from fastapi import FastAPI, Query

app = FastAPI()
BASE = "/srv/app/manuals"


@app.get("/manual")
def manual(filename: str = Query(..., max_length=200)):
    with open(os.path.join(BASE, os.path.basename(filename)), encoding="utf-8") as fh:  # sink
        return {"text": fh.read()}
