# label: CWE-89
# framework: flask
# flow: a WHERE clause grown with += from optional filters
import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/events")
def events():
    sql = "SELECT id, name, city FROM events WHERE 1 = 1"
    city = request.args.get("city")
    if city:
        sql += " AND city = '" + city + "'"
    year = request.args.get("year")
    if year:
        sql += f" AND strftime('%Y', starts_at) = '{year}'"
    con = sqlite3.connect("events.db")
    cur = con.cursor()
    cur.execute(sql)  # sink
    return jsonify(cur.fetchall())
