# label: CWE-22
# framework: fastapi
# flow: a Query parameter joined to a base directory and opened
import os

from fastapi import FastAPI, Query

app = FastAPI()
BASE = "/srv/app/manuals"


@app.get("/manual")
def manual(filename: str = Query(..., max_length=200)):
    with open(os.path.join(BASE, filename), encoding="utf-8") as fh:  # sink
        return {"text": fh.read()}
