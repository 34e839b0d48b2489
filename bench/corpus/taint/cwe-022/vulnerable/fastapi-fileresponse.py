# label: CWE-22
# framework: fastapi
# flow: a path parameter in the path of a FileResponse
from fastapi import FastAPI
from fastapi.responses import FileResponse

app = FastAPI()


@app.get("/exports/{name}")
def export(name: str):
    return FileResponse(f"/srv/exports/{name}")  # sink
