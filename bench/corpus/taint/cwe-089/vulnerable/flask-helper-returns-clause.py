# label: CWE-89
# framework: flask
# flow: a same-file helper returns a clause built from its argument
import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


def status_filter(status):
    return "status = '%s'" % status.upper()


@app.route("/orders")
def orders():
    clause = status_filter(request.args.get("status", "open"))
    con = sqlite3.connect("orders.db")
    cur = con.execute("SELECT id FROM orders WHERE " + clause)  # sink
    return jsonify([r[0] for r in cur])
