# label: safe CWE-918
# framework: http.server
# why: the upstream URL is constant; the query value is only counted
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlparse
from urllib.request import urlopen

UPSTREAM = "https://mirror.example.com/latest.tar.gz"


class MirrorHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        src = parse_qs(urlparse(self.path).query).get("src", [""])[0]
        data = urlopen(UPSTREAM, timeout=5).read()  # sink
        self.send_response(200)
        self.send_header("X-Ignored-Src-Length", str(len(src)))
        self.end_headers()
        self.wfile.write(data)


if __name__ == "__main__":
    HTTPServer(("", 8000), MirrorHandler).serve_forever()
