# label: safe CWE-117
# framework: http.server
# why: urllib.parse.quote percent-encodes control characters in the path
import logging
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import quote

logger = logging.getLogger("static")


class QuietHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        logger.info("GET " + quote(self.path))  # sink
        self.send_response(204)
        self.end_headers()


if __name__ == "__main__":
    HTTPServer(("", 8000), QuietHandler).serve_forever()
