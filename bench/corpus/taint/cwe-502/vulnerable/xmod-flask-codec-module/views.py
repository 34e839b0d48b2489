# label: helper
from flask import Flask, request

from codec import restore

app = Flask(__name__)


@app.post("/state")
def state():
    obj = restore(request.get_data())
    return {"restored": obj is not None}
