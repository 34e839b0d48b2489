# label: CWE-502
# framework: fastapi
# flow: a body field decoded with jsonpickle, which can build arbitrary objects
import jsonpickle
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class Snapshot(BaseModel):
    payload: str


@app.post("/snapshots")
def load_snapshot(s: Snapshot):
    obj = jsonpickle.decode(s.payload)  # sink
    return {"kind": type(obj).__name__}
