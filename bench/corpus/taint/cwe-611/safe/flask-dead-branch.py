# label: safe CWE-611
# framework: flask
# why: the lxml branch is behind a constant false condition; the live branch uses defusedxml
import defusedxml.ElementTree as SafeET
from flask import Flask, request
from lxml import etree

app = Flask(__name__)


@app.post("/import")
def import_xml():
    data = request.get_data()
    if 2 * 50 < 10:
        root = etree.fromstring(data)  # sink
    else:
        root = SafeET.fromstring(data)
    return {"root": root.tag}
