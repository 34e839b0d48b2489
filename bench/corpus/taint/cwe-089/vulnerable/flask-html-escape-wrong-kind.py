# label: CWE-89
# framework: flask
# flow: html.escape is an HTML sanitiser; a quote-free payload (1 OR 1=1) still changes the SQL
import html
import sqlite3

from flask import Flask, request

app = Flask(__name__)


@app.route("/ticket")
def ticket():
    ticket_no = html.escape(request.args["no"])
    con = sqlite3.connect("support.db")
    row = con.execute(f"SELECT subject FROM tickets WHERE number = {ticket_no}").fetchone()  # sink
    return html.escape(row[0]) if row else "unknown ticket"
