# label: CWE-502
# framework: flask
# flow: an uploaded file object passed to pickle.load
import pickle

from flask import Flask, request

app = Flask(__name__)


@app.post("/models")
def upload_model():
    upload = request.files["model"]
    model = pickle.load(upload.stream)  # sink
    return {"type": type(model).__name__}
