# label: safe CWE-89
# framework: flask
# why: the sort column is checked against a constant allow-list; anything else is refused
import sqlite3

from flask import Flask, abort, jsonify, request

app = Flask(__name__)
SORTABLE = {"first_name", "last_name", "hired_at"}


@app.route("/employees")
def employees():
    order = request.args.get("sort", "last_name")
    if order not in SORTABLE:
        abort(400)
    con = sqlite3.connect("hr.db")
    rows = con.execute(f"SELECT first_name, last_name FROM staff ORDER BY {order}").fetchall()  # sink
    return jsonify(rows)
