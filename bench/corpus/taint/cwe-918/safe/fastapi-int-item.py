# label: safe CWE-918
# framework: fastapi
# why: the host is constant and the only input is an int path segment
import httpx
from fastapi import FastAPI

app = FastAPI()


@app.get("/items/{item_id}/stock")
async def item_stock(item_id: int):
    async with httpx.AsyncClient(timeout=5) as client:
        r = await client.get(f"https://inventory.internal.example.com/items/{item_id}")  # sink
    return {"stock": r.json().get("stock")}
