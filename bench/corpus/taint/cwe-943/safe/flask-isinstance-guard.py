# label: safe CWE-943
# framework: flask
# why: the tag is refused unless it is a string
from flask import Flask, abort, request
from pymongo import MongoClient

app = Flask(__name__)
notes = MongoClient()["app"]["notes"]


@app.post("/notes/purge")
def purge():
    tag = request.json.get("tag")
    if not isinstance(tag, str):
        abort(400)
    res = notes.delete_many({"tag": tag, "archived": True})  # sink
    return {"deleted": res.deleted_count}
