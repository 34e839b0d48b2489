# label: safe CWE-918
# framework: flask
# why: the region selects one of a few constant base URLs
import requests
from flask import Flask, request

app = Flask(__name__)
ENDPOINTS = {"eu": "https://eu.api.example.com", "us": "https://us.api.example.com"}


@app.route("/status")
def status():
    base = ENDPOINTS.get(request.args.get("region", "eu"), ENDPOINTS["eu"])
    r = requests.get(base + "/status", timeout=3)  # sink
    return {"ok": r.ok}
