# label: CWE-918
# framework: flask
# flow: a URL from the query string fetched by the server
import requests
from flask import Flask, request

app = Flask(__name__)


@app.route("/preview-link")
def preview_link():
    url = request.args["url"]
    resp = requests.get(url, timeout=5)  # sink
    return {"status": resp.status_code, "length": len(resp.content)}
