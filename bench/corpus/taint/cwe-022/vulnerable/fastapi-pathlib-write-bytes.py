# label: CWE-22
# framework: fastapi
# flow: a path parameter appended to a pathlib base with / and written
from pathlib import Path

from fastapi import FastAPI, Request

app = FastAPI()
UPLOADS = Path("/srv/uploads")


@app.put("/files/{name}")
async def put_file(name: str, request: Request):
    (UPLOADS / "incoming" / name).write_bytes(await request.body())  # sink
    return {"stored": name}
