# label: CWE-643
# framework: flask
# flow: strip() and lower() change the case of the value, not its quotes
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
DOC = etree.parse("/srv/app/inventory.xml")


@app.route("/stock")
def stock():
    sku = request.args.get("sku", "").strip().lower()
    nodes = DOC.xpath("//item[@sku='%s']/qty/text()" % sku)  # sink
    return {"qty": int(nodes[0]) if nodes else 0}
