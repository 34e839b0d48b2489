# label: safe CWE-89
# framework: flask
# why: page and size are converted with int() before they reach the SQL text
import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/articles")
def articles():
    page = int(request.args.get("page", 1))
    size = int(request.args.get("size", 25))
    offset = (page - 1) * size
    con = sqlite3.connect("blog.db")
    rows = con.execute(f"SELECT id, title FROM articles ORDER BY id LIMIT {size} OFFSET {offset}").fetchall()  # sink
    return jsonify(rows)
