# label: CWE-918
# framework: http.server
# flow: a query value of an http.server handler passed to urlopen
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlparse
from urllib.request import urlopen


class MirrorHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        src = parse_qs(urlparse(self.path).query).get("src", [""])[0]
        data = urlopen(src, timeout=5).read()  # sink
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.end_headers()
        self.wfile.write(data)


if __name__ == "__main__":
    HTTPServer(("", 8000), MirrorHandler).serve_forever()
