# label: CWE-611
# framework: flask
# flow: an XMLParser built with its defaults (entities resolved in lxml < 5) parses the request body
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
PARSER = etree.XMLParser(remove_blank_text=True)


@app.post("/invoices/import")
def import_invoice():
    root = etree.fromstring(request.get_data(), parser=PARSER)  # sink
    return {"lines": len(root.findall("line"))}
