# label: CWE-501
# framework: fastapi
# flow: a query parameter stored in the Starlette session of the request
from fastapi import FastAPI, Request
from starlette.middleware.sessions import SessionMiddleware

app = FastAPI()
app.add_middleware(SessionMiddleware, secret_key="change-me")


@app.get("/login/as")
def login_as(request: Request, username: str):
    request.session["user"] = username  # sink
    return {"user": username}
