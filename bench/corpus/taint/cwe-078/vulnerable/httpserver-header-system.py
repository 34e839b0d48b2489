# label: CWE-78
# framework: http.server
# flow: a request header of an http.server handler in os.system
import os
from http.server import BaseHTTPRequestHandler, HTTPServer


class NotifyHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        channel = self.headers.get("X-Channel", "general")
        os.system("notify-send '" + channel + "' 'deploy finished'")  # sink
        self.send_response(204)
        self.end_headers()


if __name__ == "__main__":
    HTTPServer(("", 8000), NotifyHandler).serve_forever()
