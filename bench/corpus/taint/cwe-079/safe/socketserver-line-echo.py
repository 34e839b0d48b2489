# label: safe CWE-79
# framework: socketserver (a raw TCP line protocol, not HTTP)
# why: a `StreamRequestHandler` writes to a plain socket; no browser renders what it sends, so there is no HTML response body
import socketserver


class UpperEcho(socketserver.StreamRequestHandler):
    def handle(self):
        for line in self.rfile:
            self.wfile.write(line.upper())  # sink


if __name__ == "__main__":
    with socketserver.TCPServer(("127.0.0.1", 9009), UpperEcho) as server:
        server.serve_forever()
