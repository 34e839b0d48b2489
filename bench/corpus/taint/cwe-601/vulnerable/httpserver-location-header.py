# label: CWE-601
# framework: http.server
# flow: a query value written as the Location of a 302 answer
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlparse


class Shortener(BaseHTTPRequestHandler):
    def do_GET(self):
        qs = parse_qs(urlparse(self.path).query)
        target = qs.get("u", ["/"])[0]
        self.send_response(302)
        self.send_header("Location", target)  # sink
        self.end_headers()


if __name__ == "__main__":
    HTTPServer(("", 8000), Shortener).serve_forever()
