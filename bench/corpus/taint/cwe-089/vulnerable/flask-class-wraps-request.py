# label: CWE-89
# framework: flask
# flow: a class wraps the request; a method builds the clause from a self attribute
import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


class SearchForm:
    def __init__(self, req):
        self.author = req.args.get("author", "").strip()
        self.limit = 20

    def where_clause(self):
        return f"author = '{self.author}'"


@app.route("/books")
def books():
    form = SearchForm(request)
    con = sqlite3.connect("library.db")
    sql = "SELECT title FROM books WHERE " + form.where_clause() + " LIMIT 20"
    return jsonify(con.execute(sql).fetchall())  # sink
