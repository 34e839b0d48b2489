# label: safe CWE-611
# framework: flask
# why: xmltodict.parse refuses entity declarations unless disable_entities=False is passed
import xmltodict
from flask import Flask, request

app = Flask(__name__)


@app.post("/orders/xml")
def orders_xml():
    doc = xmltodict.parse(request.get_data())  # sink
    return {"orders": len(doc.get("orders", {}) or {})}
