# label: safe CWE-918
# framework: flask
# why: the parsed host name must be on an allow-list before the request
from urllib.parse import urlparse

import requests
from flask import Flask, abort, request

app = Flask(__name__)
PARTNER_HOSTS = {"api.partner-one.com", "api.partner-two.com"}


@app.route("/preview-link")
def preview_link():
    url = request.args["url"]
    if urlparse(url).hostname not in PARTNER_HOSTS:
        abort(400)
    resp = requests.get(url, timeout=5)  # sink
    return {"status": resp.status_code, "length": len(resp.content)}
