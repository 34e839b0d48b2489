# label: safe CWE-501
# framework: fastapi
# why: the partner cookie is stored only when it names a known partner
from typing import Optional

from fastapi import Cookie, FastAPI, HTTPException, Request
from starlette.middleware.sessions import SessionMiddleware

app = FastAPI()
app.add_middleware(SessionMiddleware, secret_key="change-me")
PARTNERS = frozenset({"acme", "globex"})


@app.get("/landing")
def landing(request: Request, partner: Optional[str] = Cookie(None)):
    if partner not in PARTNERS:
        raise HTTPException(status_code=400)
    request.session["partner_id"] = partner  # sink
    return {"welcome": True}
