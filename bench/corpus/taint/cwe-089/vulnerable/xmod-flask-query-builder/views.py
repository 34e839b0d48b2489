# label: CWE-89
# framework: flask (cross-module: the query text is built in querybuild.py)
# flow: another module returns SQL text built from its argument; this view executes it
import sqlite3

from flask import Flask, jsonify, request

from querybuild import select_where

app = Flask(__name__)


@app.route("/cities")
def cities():
    sql = select_where("cities", "country", request.args.get("country", "FR"))
    con = sqlite3.connect("geo.db")
    return jsonify(con.execute(sql).fetchall())  # sink
