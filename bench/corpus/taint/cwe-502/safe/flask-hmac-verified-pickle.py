# label: safe CWE-502
# framework: flask
# why: the blob is unpickled only after its HMAC, keyed by a server secret, is verified
import base64
import hashlib
import hmac
import os
import pickle

from flask import Flask, abort, request

app = Flask(__name__)
SECRET = os.environ["STATE_SIGNING_KEY"].encode()


@app.post("/restore")
def restore():
    blob = base64.b64decode(request.form["blob"])
    mac = base64.b64decode(request.form["mac"])
    expected = hmac.new(SECRET, blob, hashlib.sha256).digest()
    if not hmac.compare_digest(mac, expected):
        abort(403)
    state = pickle.loads(blob)  # sink
    return {"keys": sorted(state)}
