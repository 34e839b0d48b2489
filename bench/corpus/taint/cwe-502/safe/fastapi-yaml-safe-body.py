# label: safe CWE-502
# framework: fastapi
# why: yaml.safe_load builds only plain data types
import yaml
from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/workflows")
async def workflows(request: Request):
    body = await request.body()
    spec = yaml.safe_load(body)  # sink
    return {"steps": len(spec.get("steps", []))}
