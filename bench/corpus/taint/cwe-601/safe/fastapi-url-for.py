# label: safe CWE-601
# framework: fastapi
# why: the target is a route of this application found by name; the query value is only logged as a length
from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse

app = FastAPI()


@app.get("/home", name="home")
def home():
    return {"home": True}


@app.get("/auth/callback")
async def callback(request: Request):
    after = request.query_params.get("after", "/")
    target = request.url_for("home")
    return RedirectResponse(str(target), headers={"X-After-Length": str(len(after))})  # sink
