from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy.orm import Session

from ..database import Coupon, Order, User, get_db
from ..deps import get_current_user, oauth2_scheme

router = APIRouter(prefix="/orders")
CurrentUser = Annotated[User, Depends(get_current_user)]


@router.get("/coupons")
def list_coupons(db: Session = Depends(get_db)):
    return db.query(Coupon).all()


@router.post("/")
def create_order(user: User = Depends(get_current_user), db: Session = Depends(get_db)):  # safe: PW640
    order = Order(owner_id=user.id)
    db.add(order)
    db.commit()
    return {"id": order.id}


@router.delete("/{order_id}")
def cancel_order(order_id: int, db: Session = Depends(get_db)):  # expect: PW640
    order = db.query(Order).filter(Order.id == order_id).first()  # no sign-in at all: PW640, not PW641
    db.delete(order)
    db.commit()
    return {"ok": True}


@router.patch("/{order_id}")
def update_order(order_id: int, status: str, user: CurrentUser, db: Session = Depends(get_db)):  # safe: PW640
    order = db.query(Order).filter(Order.id == order_id, Order.owner_id == user.id).first()  # safe: PW641
    if order is None:
        raise HTTPException(status_code=404)
    order.status = status
    db.commit()
    return {"ok": True}


@router.get("/{order_id}")
def read_order(order_id: int, user: User = Depends(get_current_user), db: Session = Depends(get_db)):
    order = db.get(Order, order_id)  # expect: PW641
    return {"status": order.status}


@router.get("/{order_id}/owned")
def read_owned_order(order_id: int, user: User = Depends(get_current_user), db: Session = Depends(get_db)):
    order = db.get(Order, order_id)  # safe: PW641
    if order.owner_id != user.id:
        raise HTTPException(status_code=404)
    return {"status": order.status}


@router.post("/coupons")
def add_coupon(code: str, db: Session = Depends(get_db)):  # expect: PW640
    db.add(Coupon(code=code))
    db.commit()
    return {"ok": True}


@router.put("/coupons/{coupon_id}", dependencies=[Depends(oauth2_scheme)])
def rename_coupon(coupon_id: int, code: str, db: Session = Depends(get_db)):  # safe: PW640
    coupon = db.get(Coupon, coupon_id)
    coupon.code = code
    db.commit()
    return {"ok": True}


@router.post("/token")
def token(email: str, db: Session = Depends(get_db)):
    db.add(User(email=email))
    db.commit()
    return {"access_token": email}
