# label: CWE-79
# framework: fastapi
# flow: a query parameter in an HTMLResponse
from fastapi import FastAPI
from fastapi.responses import HTMLResponse

app = FastAPI()


@app.get("/echo")
def echo(msg: str = ""):
    return HTMLResponse(content=f"<html><body><p>{msg}</p></body></html>")  # sink
