# label: safe CWE-502
# framework: flask
# why: the cookie is decoded as JSON, a data-only format
import base64
import json

from flask import Flask, request

app = Flask(__name__)


@app.route("/cart")
def cart():
    blob = request.cookies.get("cart", "")
    items = json.loads(base64.b64decode(blob))  # sink
    return {"items": len(items)}
