# label: safe CWE-643
# framework: flask
# why: the element name must be one of a constant set
from flask import Flask, abort, request
from lxml import etree

app = Flask(__name__)
DOC = etree.parse("/srv/app/books.xml")
FIELDS = ("title", "author", "year")


@app.route("/field")
def field():
    name = request.args.get("name", "title")
    if name not in FIELDS:
        abort(400)
    return {"values": [str(v) for v in DOC.xpath(f"//book/{name}/text()")]}  # sink
