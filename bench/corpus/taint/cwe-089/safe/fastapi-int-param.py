# label: safe CWE-89
# framework: fastapi
# why: FastAPI validates item_id as an int before the function runs
import sqlite3

from fastapi import FastAPI

app = FastAPI()


@app.get("/items/{item_id}")
def read_item(item_id: int):
    con = sqlite3.connect("items.db")
    row = con.execute(f"SELECT name, price FROM items WHERE id = {item_id}").fetchone()  # sink
    return {"name": row[0], "price": row[1]} if row else {}
