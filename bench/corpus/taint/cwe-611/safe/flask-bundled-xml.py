# label: safe CWE-611
# framework: flask
# why: the parsed XML is a file shipped with the application; the request only picks an element name
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
CATALOG_PATH = "/srv/app/data/catalog.xml"


@app.route("/catalog/count")
def catalog_count():
    tag = request.args.get("tag", "product")
    tree = etree.parse(CATALOG_PATH)  # sink
    return {"count": sum(1 for el in tree.getroot() if el.tag == tag)}
