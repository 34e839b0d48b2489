# label: safe CWE-89
# framework: flask
# why: the user's value only selects one of several constant SQL fragments
import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)

STATUS_SQL = {
    "open": "status = 'OPEN'",
    "closed": "status = 'CLOSED'",
    "all": "1 = 1",
}


@app.route("/orders")
def orders():
    clause = STATUS_SQL.get(request.args.get("status", "open"), "1 = 1")
    con = sqlite3.connect("orders.db")
    cur = con.execute("SELECT id FROM orders WHERE " + clause)  # sink
    return jsonify([r[0] for r in cur])
