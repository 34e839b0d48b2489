# label: safe CWE-89
# framework: flask
# why: the wildcard pattern is built in Python but passed as a bound parameter
import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.get("/products")
def products():
    term = request.args.get("q", "")
    pattern = f"%{term}%"
    rows = sqlite3.connect("catalog.db").execute(
        "SELECT id, title FROM products WHERE title LIKE ? ORDER BY title", [pattern]  # sink
    ).fetchall()
    return jsonify([{"id": r[0], "title": r[1]} for r in rows])
