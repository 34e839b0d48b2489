# label: CWE-943
# framework: flask
# flow: a JSON value as the filter of delete_many; an operator object deletes everything
from flask import Flask, request
from pymongo import MongoClient

app = Flask(__name__)
notes = MongoClient()["app"]["notes"]


@app.post("/notes/purge")
def purge():
    tag = request.json.get("tag")
    res = notes.delete_many({"tag": tag, "archived": True})  # sink
    return {"deleted": res.deleted_count}
