# label: CWE-113
# framework: http.server
# flow: a request header echoed with send_header, which writes the value as is
from http.server import BaseHTTPRequestHandler, HTTPServer


class CorsHandler(BaseHTTPRequestHandler):
    def do_OPTIONS(self):
        origin = self.headers.get("Origin", "*")
        self.send_response(204)
        self.send_header("Access-Control-Allow-Origin", origin)  # sink
        self.end_headers()


if __name__ == "__main__":
    HTTPServer(("", 8000), CorsHandler).serve_forever()
