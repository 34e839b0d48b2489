# label: safe CWE-89
# framework: flask
# why: uuid.UUID accepts only a UUID; its text form has hex digits and dashes only
import sqlite3
import uuid

from flask import Flask, request

app = Flask(__name__)


@app.route("/session-info")
def session_info():
    sid = uuid.UUID(request.cookies.get("sid", ""))
    con = sqlite3.connect("sessions.db")
    row = con.execute(f"SELECT created FROM sessions WHERE id = '{sid}'").fetchone()  # sink
    return {"created": row[0] if row else None}
