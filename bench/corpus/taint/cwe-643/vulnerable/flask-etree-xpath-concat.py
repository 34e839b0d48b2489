# label: CWE-643
# framework: flask
# flow: an author name concatenated into a compiled etree.XPath
from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
CATALOG = etree.parse("/srv/app/books.xml")


@app.route("/books")
def books():
    author = request.args.get("author", "")
    find = etree.XPath("//book[author='" + author + "']/title/text()")  # sink
    return jsonify([str(t) for t in find(CATALOG)])
