# label: CWE-611
# framework: flask
# flow: an lxml parser configured to resolve entities and load DTDs over the network
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
PARSER = etree.XMLParser(resolve_entities=True, load_dtd=True, no_network=False)


@app.post("/feeds/validate")
def validate_feed():
    doc = etree.fromstring(request.get_data(), PARSER)  # sink
    return {"root": doc.tag}
