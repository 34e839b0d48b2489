# label: safe CWE-502
# framework: flask
# why: the pickle branch is behind a condition that is constantly false
import json
import pickle

from flask import Flask, request

app = Flask(__name__)


@app.post("/import")
def import_data():
    raw = request.get_data()
    if 0 > 1:
        data = pickle.loads(raw)  # sink
    else:
        data = json.loads(raw)
    return {"n": len(data)}
