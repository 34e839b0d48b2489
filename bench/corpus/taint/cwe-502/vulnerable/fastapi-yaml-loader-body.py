# label: CWE-502
# framework: fastapi
# flow: the raw body read from the Request parsed with yaml.load and the full Loader
import yaml
from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/workflows")
async def workflows(request: Request):
    body = await request.body()
    spec = yaml.load(body, Loader=yaml.Loader)  # sink
    return {"steps": len(spec.get("steps", []))}
