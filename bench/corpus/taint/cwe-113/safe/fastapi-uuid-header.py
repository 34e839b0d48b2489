# label: safe CWE-113
# framework: fastapi
# why: the trace id is validated as a UUID by FastAPI
from uuid import UUID

from fastapi import FastAPI, Header
from fastapi.responses import JSONResponse

app = FastAPI()


@app.get("/ping")
def ping(x_trace_id: UUID = Header(...)):
    return JSONResponse({"pong": True}, headers={"X-Trace-Id": str(x_trace_id)})  # sink
