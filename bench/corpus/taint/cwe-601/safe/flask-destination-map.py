# label: safe CWE-601
# framework: flask
# why: the input selects one of a few constant destinations
from flask import Flask, redirect, request

app = Flask(__name__)
DESTINATIONS = {"home": "/", "orders": "/account/orders", "help": "https://help.example.com/"}


@app.route("/jump")
def jump():
    return redirect(DESTINATIONS.get(request.args.get("to", "home"), "/"))  # sink
