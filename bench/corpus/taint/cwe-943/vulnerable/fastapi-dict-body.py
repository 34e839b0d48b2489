# label: CWE-943
# framework: fastapi
# flow: a dict body parameter passed as the find() filter
from fastapi import FastAPI
from pymongo import MongoClient

app = FastAPI()
products = MongoClient()["shop"]["products"]


@app.post("/products/search")
def search_products(filters: dict):
    found = products.find(filters, {"_id": 0}).limit(50)  # sink
    return {"products": list(found)}
