# label: safe CWE-79
# framework: fastapi
# why: PlainTextResponse is served as text/plain
from fastapi import FastAPI, Header
from fastapi.responses import PlainTextResponse

app = FastAPI()


@app.get("/lang-banner")
def lang_banner(accept_language: str = Header("en")):
    return PlainTextResponse(f"Language: {accept_language}")  # sink
