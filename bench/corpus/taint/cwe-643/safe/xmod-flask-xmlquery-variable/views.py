# label: helper
from flask import Flask, request

from xmlquery import price_of

app = Flask(__name__)


@app.route("/price")
def price():
    return {"price": price_of(request.args.get("name", ""))}
