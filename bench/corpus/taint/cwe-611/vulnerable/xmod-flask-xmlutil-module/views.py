# label: helper
from flask import Flask, request

from xmlutil import parse_document

app = Flask(__name__)


@app.post("/upload-xml")
def upload_xml():
    root = parse_document(request.get_data())
    return {"tag": root.tag}
