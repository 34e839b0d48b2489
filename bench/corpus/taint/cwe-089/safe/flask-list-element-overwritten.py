# label: safe CWE-89
# framework: flask
# why: the tainted list element is overwritten with a constant before the list is used
import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/columns")
def columns():
    wanted = [request.args.get("col", "id"), "name"]
    wanted[0] = "id"
    con = sqlite3.connect("people.db")
    sql = "SELECT " + wanted[0] + ", " + wanted[1] + " FROM people"
    return jsonify(con.execute(sql).fetchall())  # sink
