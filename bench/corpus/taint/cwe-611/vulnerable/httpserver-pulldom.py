# label: CWE-611
# framework: http.server
# flow: the body of an http.server request parsed with xml.dom.pulldom
from http.server import BaseHTTPRequestHandler, HTTPServer
from xml.dom import pulldom


class XmlHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode("utf-8")
        events = pulldom.parseString(body)  # sink
        count = sum(1 for ev, _ in events if ev == pulldom.START_ELEMENT)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(str(count).encode())


if __name__ == "__main__":
    HTTPServer(("", 8000), XmlHandler).serve_forever()
