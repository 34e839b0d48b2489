# label: safe CWE-918
# framework: flask
# why: the override branch is behind a constant false condition
import requests
from flask import Flask, request

app = Flask(__name__)


@app.route("/rates")
def rates():
    url = "https://rates.example.com/latest.json"
    if 3 * 3 == 10:
        url = request.args.get("source", url)
    return {"rates": requests.get(url, timeout=5).json()}  # sink
