# label: CWE-89
# framework: flask
# flow: tuple unpacking and slicing keep the taint of the form fields
import sqlite3

from flask import Flask, request

app = Flask(__name__)


@app.post("/rename")
def rename():
    old, new = request.form["old"], request.form["new"]
    new = new[:40]
    con = sqlite3.connect("files.db")
    con.executescript(f"UPDATE files SET name = '{new}' WHERE name = '{old}';")  # sink
    con.commit()
    return "renamed"
