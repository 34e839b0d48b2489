# label: safe CWE-943
# framework: fastapi
# why: FastAPI validates the query parameter as a string
from fastapi import FastAPI
from pymongo import MongoClient

app = FastAPI()
products = MongoClient()["shop"]["products"]


@app.get("/products/by-brand")
def by_brand(brand: str):
    found = products.find({"brand": brand}, {"_id": 0}).limit(50)  # sink
    return {"products": list(found)}
