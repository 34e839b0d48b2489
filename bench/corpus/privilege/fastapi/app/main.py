from fastapi import Depends, FastAPI

from .deps import get_current_user
from .routers import admin, orders, reports

app = FastAPI()
app.include_router(orders.router)
app.include_router(admin.router)
app.include_router(reports.router, dependencies=[Depends(get_current_user)])


@app.get("/health")
def health():
    return {"ok": True}
