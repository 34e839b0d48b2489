# label: CWE-643
# framework: http.server
# flow: a header of an http.server request in an XPath query
from http.server import BaseHTTPRequestHandler, HTTPServer

from lxml import etree

KEYS = etree.parse("/srv/app/apikeys.xml")


class KeyHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        key = self.headers.get("X-Api-Key", "")
        owner = KEYS.xpath("string(//key[@value='" + key + "']/@owner)")  # sink
        self.send_response(200 if owner else 403)
        self.end_headers()


if __name__ == "__main__":
    HTTPServer(("", 8000), KeyHandler).serve_forever()
