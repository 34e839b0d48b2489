# label: helper
from flask import Flask, jsonify, request

from repo import find_tickets

app = Flask(__name__)


@app.post("/tickets/search")
def search():
    return jsonify(find_tickets(request.get_json()))
