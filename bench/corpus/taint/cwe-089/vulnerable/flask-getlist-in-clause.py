# label: CWE-89
# framework: flask
# flow: repeated query parameters joined into an IN (...) list
import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/invoices/batch")
def invoices_batch():
    ids = request.args.getlist("id")
    in_list = ", ".join(f"'{i}'" for i in ids)
    con = sqlite3.connect("billing.db")
    rows = con.execute(f"SELECT id, amount FROM invoices WHERE id IN ({in_list})").fetchall()  # sink
    return jsonify(rows)
