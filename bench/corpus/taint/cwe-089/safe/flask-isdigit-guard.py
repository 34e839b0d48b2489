# label: safe CWE-89
# framework: flask
# why: the ticket number is refused unless it is all digits
import sqlite3

from flask import Flask, abort, request

app = Flask(__name__)


@app.route("/ticket")
def ticket():
    ticket_no = request.args.get("no", "")
    if not ticket_no.isdigit():
        abort(400)
    con = sqlite3.connect("support.db")
    row = con.execute(f"SELECT subject FROM tickets WHERE number = {ticket_no}").fetchone()  # sink
    return {"subject": row[0] if row else None}
