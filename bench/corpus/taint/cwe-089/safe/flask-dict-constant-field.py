# label: safe CWE-89
# framework: flask
# why: only the constant "table" field of the dict reaches the SQL text; the user field is bound
import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/history")
def history():
    parts = {"table": "audit_log", "user": request.args.get("user", "")}
    con = sqlite3.connect("audit.db")
    sql = f"SELECT at, action FROM {parts['table']} WHERE username = ?"
    rows = con.execute(sql, (parts["user"],)).fetchall()  # sink
    return jsonify(rows)
