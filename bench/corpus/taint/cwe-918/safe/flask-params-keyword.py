# label: safe CWE-918
# framework: flask
# why: the host is constant; the input is sent as a query parameter through params=
import requests
from flask import Flask, request

app = Flask(__name__)
SEARCH_API = "https://search.internal.example.com/v2/query"


@app.route("/search")
def search():
    q = request.args.get("q", "")
    resp = requests.get(SEARCH_API, params={"q": q, "limit": 10}, timeout=5)  # sink
    return {"hits": resp.json().get("total", 0)}
