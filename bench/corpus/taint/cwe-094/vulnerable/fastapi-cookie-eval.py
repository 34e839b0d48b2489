# label: CWE-95
# framework: fastapi
# flow: a Cookie parameter evaluated to restore preferences
from fastapi import Cookie, FastAPI

app = FastAPI()


@app.get("/prefs")
def prefs(saved: str = Cookie("{}")):
    data = eval(saved)  # sink
    return {"theme": data.get("theme", "light")}
