from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from ..database import Coupon, User, get_db
from ..deps import require_admin

router = APIRouter(prefix="/admin", dependencies=[Depends(require_admin)])


@router.delete("/users/{user_id}")
def delete_user(user_id: int, db: Session = Depends(get_db)):  # safe: PW640
    db.query(User).filter(User.id == user_id).delete()
    db.commit()
    return {"ok": True}


@router.post("/coupons/reset")
def reset_coupons(db: Session = Depends(get_db)):  # safe: PW640
    db.query(Coupon).delete()
    db.commit()
    return {"ok": True}
