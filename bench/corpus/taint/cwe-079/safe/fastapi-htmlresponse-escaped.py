# label: safe CWE-79
# framework: fastapi
# why: html.escape encodes the message before it goes into the HTMLResponse
import html

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

app = FastAPI()


@app.get("/echo")
def echo(msg: str = ""):
    return HTMLResponse(content=f"<html><body><p>{html.escape(msg)}</p></body></html>")  # sink
