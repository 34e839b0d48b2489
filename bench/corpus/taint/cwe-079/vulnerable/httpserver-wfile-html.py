# label: CWE-79
# framework: http.server
# flow: the request path echoed into an HTML page written to wfile
from http.server import BaseHTTPRequestHandler, HTTPServer


class EchoHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        page = f"<html><body>You asked for {self.path}</body></html>"
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(page.encode("utf-8"))  # sink


if __name__ == "__main__":
    HTTPServer(("", 8000), EchoHandler).serve_forever()
