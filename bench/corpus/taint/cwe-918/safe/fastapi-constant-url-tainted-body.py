# label: safe CWE-918
# framework: fastapi
# why: the request goes to a constant URL; the input is only its JSON body
import httpx
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class Feedback(BaseModel):
    text: str


@app.post("/feedback")
def feedback(item: Feedback):
    r = httpx.post("https://crm.internal.example.com/api/feedback", json={"text": item.text}, timeout=5)  # sink
    return {"stored": r.status_code == 201}
