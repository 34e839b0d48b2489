# label: CWE-89
# framework: flask
# flow: a sort column from the query string inserted with str.format
import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/employees")
def employees():
    order = request.args.get("sort", "last_name")
    direction = request.args.get("dir", "ASC")
    query = "SELECT first_name, last_name FROM staff ORDER BY {} {}".format(order, direction)
    con = sqlite3.connect("hr.db")
    rows = con.execute(query).fetchall()  # sink
    return jsonify(rows)
