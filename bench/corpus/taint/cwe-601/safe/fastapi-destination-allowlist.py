# label: safe CWE-601
# framework: fastapi
# why: the destination must be one of the constant paths of an allow-list
from fastapi import FastAPI, HTTPException
from fastapi.responses import RedirectResponse

app = FastAPI()
ALLOWED_PATHS = ("/", "/docs", "/account")


@app.get("/go")
def go(dest: str = "/"):
    if dest not in ALLOWED_PATHS:
        raise HTTPException(status_code=400, detail="unknown destination")
    return RedirectResponse(url=dest, status_code=303)  # sink
