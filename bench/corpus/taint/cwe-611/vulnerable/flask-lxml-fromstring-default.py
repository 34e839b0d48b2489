# label: CWE-611
# framework: flask
# flow: the request body parsed by lxml with its default parser (external entities resolved before lxml 5)
from flask import Flask, request
from lxml import etree

app = Flask(__name__)


@app.post("/invoices/import")
def import_invoice():
    root = etree.fromstring(request.data)  # sink
    return {"lines": len(root.findall("line"))}
