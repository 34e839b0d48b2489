# label: CWE-601
# framework: fastapi
# flow: a query parameter read from the Request object in a RedirectResponse
from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse

app = FastAPI()


@app.get("/auth/callback")
async def callback(request: Request):
    after = request.query_params.get("after", "/")
    return RedirectResponse(after)  # sink
