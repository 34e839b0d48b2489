# label: CWE-89
# framework: http.server
# flow: a query-string value parsed from self.path into sqlite3
import json
import sqlite3
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlparse


class LookupHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        params = parse_qs(urlparse(self.path).query)
        code = params.get("code", [""])[0]
        con = sqlite3.connect("airports.db")
        row = con.execute(f"SELECT name FROM airports WHERE iata = '{code}'").fetchone()  # sink
        body = json.dumps({"name": row[0] if row else None}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    HTTPServer(("127.0.0.1", 8080), LookupHandler).serve_forever()
