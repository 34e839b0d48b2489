# label: CWE-89
# framework: fastapi
# flow: a field of the JSON body %-formatted into an asyncpg query
import asyncpg
from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/tags/usage")
async def tag_usage(request: Request):
    payload = await request.json()
    tag = payload.get("tag", "")
    conn = await asyncpg.connect("postgresql://app@localhost/blog")
    try:
        rows = await conn.fetch("SELECT post_id FROM post_tags WHERE tag = '%s'" % tag)  # sink
    finally:
        await conn.close()
    return {"posts": [r["post_id"] for r in rows]}
