# label: CWE-943
# framework: fastapi
# flow: an Any-typed body parameter used as the filter of a query
from typing import Any

from fastapi import Body, FastAPI
from pymongo import MongoClient

app = FastAPI()
events = MongoClient()["audit"]["events"]


@app.post("/events/count")
def count_events(query: Any = Body(...)):
    return {"count": events.count_documents(query)}  # sink
