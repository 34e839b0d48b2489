# label: safe CWE-113
# framework: http.server
# why: the Origin is echoed only when it is one of the allowed origins
from http.server import BaseHTTPRequestHandler, HTTPServer

ALLOWED_ORIGINS = {"https://app.example.com", "https://admin.example.com"}


class CorsHandler(BaseHTTPRequestHandler):
    def do_OPTIONS(self):
        origin = self.headers.get("Origin", "")
        self.send_response(204)
        if origin in ALLOWED_ORIGINS:
            self.send_header("Access-Control-Allow-Origin", origin)  # sink
        self.end_headers()


if __name__ == "__main__":
    HTTPServer(("", 8000), CorsHandler).serve_forever()
