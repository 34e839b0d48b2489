# label: CWE-22
# framework: http.server
# flow: self.path of an http.server handler opened under the working directory
from http.server import BaseHTTPRequestHandler, HTTPServer


class FileHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        try:
            with open("./public" + self.path, "rb") as fh:  # sink
                data = fh.read()
        except OSError:
            self.send_error(404)
            return
        self.send_response(200)
        self.end_headers()
        self.wfile.write(data)


if __name__ == "__main__":
    HTTPServer(("", 8000), FileHandler).serve_forever()
