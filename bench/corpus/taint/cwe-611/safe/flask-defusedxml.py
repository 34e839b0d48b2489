# label: safe CWE-611
# framework: flask
# why: defusedxml refuses DTDs, entity declarations and external references
from defusedxml import ElementTree
from flask import Flask, request

app = Flask(__name__)


@app.post("/invoices/import")
def import_invoice():
    root = ElementTree.fromstring(request.data)  # sink
    return {"lines": len(root.findall("line"))}
