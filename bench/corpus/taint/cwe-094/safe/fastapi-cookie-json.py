# label: safe CWE-95
# framework: fastapi
# why: the cookie is parsed as JSON
import json

from fastapi import Cookie, FastAPI

app = FastAPI()


@app.get("/prefs")
def prefs(saved: str = Cookie("{}")):
    data = json.loads(saved)  # sink
    return {"theme": data.get("theme", "light")}
