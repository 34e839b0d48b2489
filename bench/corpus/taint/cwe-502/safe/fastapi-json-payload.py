# label: safe CWE-502
# framework: fastapi
# why: the payload is decoded with json.loads instead of jsonpickle
import json

from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class Snapshot(BaseModel):
    payload: str


@app.post("/snapshots")
def load_snapshot(s: Snapshot):
    obj = json.loads(s.payload)  # sink
    return {"kind": type(obj).__name__}
