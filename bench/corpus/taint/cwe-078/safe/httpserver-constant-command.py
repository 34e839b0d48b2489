# label: safe CWE-78
# framework: http.server
# why: the header is only logged through a list argument; the shell command is constant
import subprocess
from http.server import BaseHTTPRequestHandler, HTTPServer


class NotifyHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        channel = self.headers.get("X-Channel", "general")
        subprocess.run("notify-send 'deploy finished'", shell=True)  # sink
        subprocess.run(["logger", "-t", "notify", "--", channel])
        self.send_response(204)
        self.end_headers()


if __name__ == "__main__":
    HTTPServer(("", 8000), NotifyHandler).serve_forever()
