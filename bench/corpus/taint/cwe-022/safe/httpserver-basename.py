# label: safe CWE-22
# framework: http.server
# why: the handler keeps only the last path component of the URL path
import os
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import urlparse


class FileHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        name = os.path.basename(urlparse(self.path).path) or "index.html"
        try:
            with open(os.path.join("./public", name), "rb") as fh:  # sink
                data = fh.read()
        except OSError:
            self.send_error(404)
            return
        self.send_response(200)
        self.end_headers()
        self.wfile.write(data)


if __name__ == "__main__":
    HTTPServer(("", 8000), FileHandler).serve_forever()
