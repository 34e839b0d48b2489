# label: CWE-611
# framework: flask
# flow: a SAX parser with external general entities switched on parses the body
import io
import xml.sax
from xml.sax.handler import ContentHandler, feature_external_ges

from flask import Flask, request

app = Flask(__name__)


class Counter(ContentHandler):
    def __init__(self):
        super().__init__()
        self.elements = 0

    def startElement(self, name, attrs):
        self.elements += 1


@app.post("/count")
def count():
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, True)
    handler = Counter()
    parser.setContentHandler(handler)
    parser.parse(io.BytesIO(request.data))  # sink
    return {"elements": handler.elements}
