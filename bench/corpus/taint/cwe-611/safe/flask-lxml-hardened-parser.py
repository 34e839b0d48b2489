# label: safe CWE-611
# framework: flask
# why: the lxml parser neither resolves entities, loads DTDs nor touches the network
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
PARSER = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)


@app.post("/feeds/validate")
def validate_feed():
    doc = etree.fromstring(request.get_data(), parser=PARSER)  # sink
    return {"root": doc.tag}
