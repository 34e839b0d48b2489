# label: safe CWE-502
# framework: flask
# why: yaml.safe_load builds only plain data types
import yaml
from flask import Flask, request

app = Flask(__name__)


@app.post("/pipelines")
def create_pipeline():
    spec = yaml.safe_load(request.data)  # sink
    return {"stages": len(spec.get("stages", []))}
