# label: CWE-89
# framework: flask
# flow: a form field %-formatted into the SQL text of sqlite3 Cursor.execute
import sqlite3

from flask import Flask, request

app = Flask(__name__)


@app.route("/account", methods=["POST"])
def account():
    account_id = request.form["account_id"]
    db = sqlite3.connect("bank.db")
    cur = db.cursor()
    cur.execute("SELECT owner, balance FROM accounts WHERE id = '%s'" % account_id)  # sink
    row = cur.fetchone()
    return {"owner": row[0], "balance": row[1]} if row else ("not found", 404)
