# label: CWE-79
# framework: fastapi
# flow: a header value in a Response declared as text/html
from fastapi import FastAPI, Header, Response

app = FastAPI()


@app.get("/lang-banner")
def lang_banner(accept_language: str = Header("en")):
    html = f"<div class='banner'>Language: {accept_language}</div>"
    return Response(content=html, media_type="text/html")  # sink
