# label: CWE-89
# framework: flask
# flow: a query-string value put in a LIKE pattern with an f-string
import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


def get_db():
    return sqlite3.connect("catalog.db")


@app.get("/products")
def products():
    term = request.args.get("q", "")
    sql = f"SELECT id, title FROM products WHERE title LIKE '%{term}%' ORDER BY title"
    rows = get_db().execute(sql).fetchall()  # sink
    return jsonify([{"id": r[0], "title": r[1]} for r in rows])
