# label: safe CWE-502
# framework: flask
# why: the pickle comes from a file shipped with the application; the request only supplies features
import pickle

from flask import Flask, request

app = Flask(__name__)
MODEL_PATH = "/srv/app/models/churn.pkl"


@app.post("/predict")
def predict():
    features = [float(x) for x in request.get_json()["features"]]
    with open(MODEL_PATH, "rb") as fh:
        model = pickle.load(fh)  # sink
    return {"score": float(model.predict([features])[0])}
