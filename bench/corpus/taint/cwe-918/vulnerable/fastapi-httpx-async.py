# label: CWE-918
# framework: fastapi
# flow: a query parameter fetched with an httpx AsyncClient
import httpx
from fastapi import FastAPI

app = FastAPI()


@app.get("/proxy")
async def proxy(target: str):
    async with httpx.AsyncClient(timeout=5) as client:
        r = await client.get(target)  # sink
    return {"status": r.status_code}
