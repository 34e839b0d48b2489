# label: CWE-611
# framework: flask
# flow: an uploaded XML file parsed with lxml.etree.parse and the default parser
from flask import Flask, request
from lxml import etree

app = Flask(__name__)


@app.post("/sitemaps")
def upload_sitemap():
    upload = request.files["sitemap"]
    tree = etree.parse(upload.stream)  # sink
    return {"urls": len(tree.getroot())}
