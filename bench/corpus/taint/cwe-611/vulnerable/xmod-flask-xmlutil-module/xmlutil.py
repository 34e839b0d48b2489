# label: CWE-611
# framework: flask (cross-module: views.py passes request data to this module)
# flow: a helper in another module parses what it is given with lxml's default parser
from lxml import etree


def parse_document(data):
    return etree.fromstring(data)  # sink
