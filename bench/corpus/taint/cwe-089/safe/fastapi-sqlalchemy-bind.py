# label: safe CWE-89
# framework: fastapi
# why: sqlalchemy.text with a :named placeholder, the value given in the parameters
from fastapi import Depends, FastAPI
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

engine = create_engine("sqlite:///inventory.db")
SessionLocal = sessionmaker(bind=engine)
app = FastAPI()


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


@app.get("/stock")
def stock(sku: str, db: Session = Depends(get_db)):
    result = db.execute(text("SELECT qty FROM stock WHERE sku = :sku"), {"sku": sku})  # sink
    return {"sku": sku, "qty": result.scalar()}
