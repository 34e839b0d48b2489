# label: CWE-918
# framework: flask
# flow: html.escape does not restrict the host of a URL
import html
from urllib.request import urlopen

from flask import Flask, request

app = Flask(__name__)


@app.route("/fetch-title")
def fetch_title():
    page = html.escape(request.args.get("page", ""))
    with urlopen(page, timeout=5) as fh:  # sink
        head = fh.read(2048)
    return {"head_bytes": len(head)}
