from fastapi import APIRouter, Depends, HTTPException, Request
from passlib.context import CryptContext
from slowapi import Limiter
from slowapi.util import get_remote_address
from sqlalchemy.orm import Session

from ..database import User, get_db
from ..deps import get_current_user

router = APIRouter(prefix="/auth")
pwd_context = CryptContext(schemes=["bcrypt"])
limiter = Limiter(key_func=get_remote_address)


@router.post("/token")
def login_for_access_token(request: Request, email: str, password: str, db: Session = Depends(get_db)):  # expect: PW656, PW657
    user = db.query(User).filter(User.email == email).first()
    if not user:
        raise HTTPException(status_code=404, detail="User not found")
    if not pwd_context.verify(password, user.hashed_password):
        raise HTTPException(status_code=401, detail="Incorrect password")
    return {"access_token": user.email, "token_type": "bearer"}


@router.post("/token/v2")
@limiter.limit("5/minute")
def login_for_access_token_v2(request: Request, email: str, password: str, db: Session = Depends(get_db)):  # safe: PW656, PW657
    user = db.query(User).filter(User.email == email).first()
    if user is None or not pwd_context.verify(password, user.hashed_password):
        raise HTTPException(status_code=401, detail="Incorrect e-mail or password")
    return {"access_token": user.email, "token_type": "bearer"}


@router.post("/users/import")
async def import_user(request: Request, db: Session = Depends(get_db), me: User = Depends(get_current_user)):
    user = User(**await request.json())  # expect: PW652
    db.add(user)
    db.commit()
    return {"id": user.id}


@router.post("/users/import/v2")
async def import_user_v2(request: Request, db: Session = Depends(get_db), me: User = Depends(get_current_user)):
    body = await request.json()
    user = User(email=body["email"])  # safe: PW652
    db.add(user)
    db.commit()
    return {"id": user.id}
