# label: safe CWE-79
# framework: fastapi
# why: a FastAPI route without an HTML response class serialises its return value as JSON
from fastapi import FastAPI

app = FastAPI()


@app.get("/echo")
def echo(msg: str = ""):
    return {"echo": msg}  # sink
