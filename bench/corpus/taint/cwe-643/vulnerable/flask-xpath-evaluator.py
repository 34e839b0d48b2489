# label: CWE-643
# framework: flask
# flow: an XPathEvaluator called with an expression built from the query string
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
TREE = etree.parse("/srv/app/menu.xml")


@app.route("/menu")
def menu():
    section = request.args.get("section", "main")
    evaluate = etree.XPathEvaluator(TREE)
    items = evaluate(f"//section[@id='{section}']/item/@label")  # sink
    return {"items": [str(i) for i in items]}
