# label: safe CWE-643
# framework: flask
# why: a constant compiled XPath receives the author as a variable
from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
CATALOG = etree.parse("/srv/app/books.xml")
BY_AUTHOR = etree.XPath("//book[author=$a]/title/text()")


@app.route("/books")
def books():
    author = request.args.get("author", "")
    return jsonify([str(t) for t in BY_AUTHOR(CATALOG, a=author)])  # sink
