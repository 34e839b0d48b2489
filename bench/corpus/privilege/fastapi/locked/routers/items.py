from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from ..db import Item, get_db

router = APIRouter(prefix="/items")


@router.delete("/{item_id}")
def delete_item(item_id: int, db: Session = Depends(get_db)):  # safe: PW640
    db.query(Item).filter(Item.id == item_id).delete()  # expect: PW641
    db.commit()
    return {"ok": True}


@router.get("/{item_id}")
def read_item(item_id: int, db: Session = Depends(get_db)):
    item = db.get(Item, item_id)  # expect: PW641
    return {"name": item.name}


@router.post("/")
def create_item(name: str, db: Session = Depends(get_db)):  # safe: PW640
    db.add(Item(name=name))
    db.commit()
    return {"ok": True}
