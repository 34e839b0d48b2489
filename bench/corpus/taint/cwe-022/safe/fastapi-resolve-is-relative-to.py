# label: safe CWE-22
# framework: fastapi
# why: the resolved path must be inside the resolved base directory
from pathlib import Path

from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse

app = FastAPI()
BASE = Path("/srv/exports").resolve()


@app.get("/exports/{name}")
def export(name: str):
    target = (BASE / name).resolve()
    if not target.is_relative_to(BASE):
        raise HTTPException(status_code=404)
    return FileResponse(target)  # sink
