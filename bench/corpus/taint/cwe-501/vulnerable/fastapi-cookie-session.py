# label: CWE-501
# framework: fastapi
# flow: a Cookie parameter stored in the Starlette session as the referrer
from typing import Optional

from fastapi import Cookie, FastAPI, Request
from starlette.middleware.sessions import SessionMiddleware

app = FastAPI()
app.add_middleware(SessionMiddleware, secret_key="change-me")


@app.get("/landing")
def landing(request: Request, partner: Optional[str] = Cookie(None)):
    request.session["partner_id"] = partner  # sink
    return {"welcome": True}
