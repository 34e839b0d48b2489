# label: CWE-79
# framework: fastapi
# flow: a route declared with response_class=HTMLResponse returns a string with a header value
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

app = FastAPI()


@app.get("/whoami", response_class=HTMLResponse)
async def whoami(request: Request):
    agent = request.headers.get("user-agent", "")
    return "<p>Your browser: " + agent + "</p>"  # sink
