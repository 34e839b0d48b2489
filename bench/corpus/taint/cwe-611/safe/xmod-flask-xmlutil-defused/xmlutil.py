# label: safe CWE-611
# framework: flask (cross-module: views.py passes request data to this module)
# why: the helper in another module parses with defusedxml
from defusedxml.ElementTree import fromstring


def parse_document(data):
    return fromstring(data)  # sink
