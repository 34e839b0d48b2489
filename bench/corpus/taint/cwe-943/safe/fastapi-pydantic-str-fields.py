# label: safe CWE-943
# framework: fastapi
# why: the body model declares str fields, so FastAPI rejects objects in them
from fastapi import FastAPI
from pydantic import BaseModel
from pymongo import MongoClient

app = FastAPI()
accounts = MongoClient()["app"]["accounts"]


class MagicLinkIn(BaseModel):
    email: str
    token: str


@app.post("/magic-link")
def magic_link(body: MagicLinkIn):
    doc = accounts.find_one({"email": body.email, "link_token": body.token})  # sink
    return {"valid": doc is not None}
