from fastapi import Depends, FastAPI

from .routers import items
from .security import get_current_user

# every route of the app, and of every router included into it, needs a signed-in user
app = FastAPI(dependencies=[Depends(get_current_user)])
app.include_router(items.router)


@app.post("/items/reindex")
def reindex():  # safe: PW640
    return {"ok": True}
