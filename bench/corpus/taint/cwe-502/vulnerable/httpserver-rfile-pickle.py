# label: CWE-502
# framework: http.server
# flow: the body read from self.rfile unpickled
import pickle
from http.server import BaseHTTPRequestHandler, HTTPServer


class JobHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        job = pickle.loads(self.rfile.read(length))  # sink
        self.send_response(202)
        self.end_headers()
        self.wfile.write(str(len(job)).encode())


if __name__ == "__main__":
    HTTPServer(("", 8000), JobHandler).serve_forever()
