# label: CWE-94
# framework: http.server
# flow: the request body of an http.server handler executed
from http.server import BaseHTTPRequestHandler, HTTPServer


class HookHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        source = self.rfile.read(length).decode("utf-8")
        exec(source, {"handler": self})  # sink
        self.send_response(204)
        self.end_headers()


if __name__ == "__main__":
    HTTPServer(("127.0.0.1", 8000), HookHandler).serve_forever()
