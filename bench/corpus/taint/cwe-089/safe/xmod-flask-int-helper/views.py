# label: safe CWE-89
# framework: flask (cross-module: the conversion happens in convert.py)
# why: another module's helper returns int(value), so only a number reaches the SQL text
import sqlite3

from flask import Flask, request

from convert import as_id

app = Flask(__name__)


@app.route("/invoice")
def invoice():
    invoice_id = as_id(request.args.get("id", "0"))
    con = sqlite3.connect("billing.db")
    row = con.execute(f"SELECT amount FROM invoices WHERE id = {invoice_id}").fetchone()  # sink
    return {"amount": row[0] if row else None}
