# label: safe CWE-643
# framework: flask
# why: only the constant "expr" field of the dict is evaluated
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
DOC = etree.parse("/srv/app/menu.xml")


@app.route("/menu")
def menu():
    q = {"expr": "//section[@id='main']/item/@label", "asked": request.args.get("section", "")}
    labels = DOC.xpath(q["expr"])  # sink
    return {"items": [str(x) for x in labels], "asked_len": len(q["asked"])}
