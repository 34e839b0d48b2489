# label: safe CWE-501
# framework: fastapi
# why: only a constant flag is stored; the query value is returned in JSON
from fastapi import FastAPI, Request
from starlette.middleware.sessions import SessionMiddleware

app = FastAPI()
app.add_middleware(SessionMiddleware, secret_key="change-me")


@app.get("/tour/seen")
def tour_seen(request: Request, step: str = "intro"):
    request.session["tour_seen"] = True  # sink
    return {"step": step}
