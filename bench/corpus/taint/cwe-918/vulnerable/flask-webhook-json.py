# label: CWE-918
# framework: flask
# flow: a callback URL from the JSON body receives a server-side POST
import requests
from flask import Flask, request

app = Flask(__name__)


@app.post("/subscriptions")
def subscribe():
    body = request.get_json()
    callback = body["callback_url"]
    requests.post(callback, json={"event": "subscribed"}, timeout=5)  # sink
    return {"ok": True}, 201
