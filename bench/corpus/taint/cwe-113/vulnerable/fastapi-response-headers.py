# label: CWE-113
# framework: fastapi
# flow: a header parameter echoed back in a response header
from fastapi import FastAPI, Header
from fastapi.responses import JSONResponse

app = FastAPI()


@app.get("/ping")
def ping(x_trace_id: str = Header("none")):
    return JSONResponse({"pong": True}, headers={"X-Trace-Id": x_trace_id})  # sink
