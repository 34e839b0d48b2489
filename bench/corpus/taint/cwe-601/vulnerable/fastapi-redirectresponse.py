# label: CWE-601
# framework: fastapi
# flow: a query parameter in RedirectResponse
from fastapi import FastAPI
from fastapi.responses import RedirectResponse

app = FastAPI()


@app.get("/go")
def go(dest: str = "/"):
    return RedirectResponse(url=dest, status_code=303)  # sink
