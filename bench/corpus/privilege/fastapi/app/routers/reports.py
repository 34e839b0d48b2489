from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from ..database import Order, get_db

router = APIRouter(prefix="/reports")


@router.post("/rebuild")
def rebuild_reports(db: Session = Depends(get_db)):  # safe: PW640
    # guarded where the router is included (main.py)
    db.query(Order).filter(Order.status == "stale").update({"status": "open"})
    db.commit()
    return {"ok": True}
