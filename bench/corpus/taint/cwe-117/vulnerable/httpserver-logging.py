# label: CWE-117
# framework: http.server
# flow: the request path logged by an http.server handler through logging
import logging
from http.server import BaseHTTPRequestHandler, HTTPServer

logger = logging.getLogger("static")


class QuietHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        logger.info("GET " + self.path)  # sink
        self.send_response(204)
        self.end_headers()


if __name__ == "__main__":
    HTTPServer(("", 8000), QuietHandler).serve_forever()
