# label: safe CWE-643
# framework: flask
# why: the SKU is refused unless it is letters and digits only
from flask import Flask, abort, request
from lxml import etree

app = Flask(__name__)
DOC = etree.parse("/srv/app/inventory.xml")


@app.route("/stock")
def stock():
    sku = request.args.get("sku", "")
    if not sku.isalnum():
        abort(400)
    nodes = DOC.xpath("//item[@sku='%s']/qty/text()" % sku)  # sink
    return {"qty": int(nodes[0]) if nodes else 0}
