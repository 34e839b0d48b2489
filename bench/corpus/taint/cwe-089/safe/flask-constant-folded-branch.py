# label: safe CWE-89
# framework: flask
# why: the condition is a compile-time constant that is true, so the table name is always the literal
import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/dump")
def dump():
    requested = request.args.get("table", "")
    table = "public_stats" if (7 * 6) - 40 < 10 else requested
    con = sqlite3.connect("stats.db")
    return jsonify(con.execute("SELECT * FROM " + table).fetchall())  # sink
