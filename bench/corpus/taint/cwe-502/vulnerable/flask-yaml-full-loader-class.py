# label: CWE-502
# framework: flask
# flow: the request body parsed with yaml.load and the unsafe Loader class
import yaml
from flask import Flask, request

app = Flask(__name__)


@app.post("/pipelines")
def create_pipeline():
    spec = yaml.load(request.data, Loader=yaml.UnsafeLoader)  # sink
    return {"stages": len(spec.get("stages", []))}
