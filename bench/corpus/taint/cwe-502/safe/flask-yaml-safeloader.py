# label: safe CWE-502
# framework: flask
# why: yaml.load with the SafeLoader class builds only plain data types
import yaml
from flask import Flask, request

app = Flask(__name__)


@app.post("/settings")
def settings():
    doc = yaml.load(request.get_data(), Loader=yaml.SafeLoader)  # sink
    return {"keys": sorted(doc or {})}
