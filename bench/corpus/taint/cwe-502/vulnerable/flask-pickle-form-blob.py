# label: CWE-502
# framework: flask
# flow: a form field base64-decoded into a variable, then unpickled
import base64
import pickle

from flask import Flask, request

app = Flask(__name__)


@app.post("/restore")
def restore():
    data = base64.b64decode(request.form["blob"])
    state = pickle.loads(data)  # sink
    return {"keys": sorted(state)}
