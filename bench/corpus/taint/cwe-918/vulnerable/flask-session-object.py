# label: CWE-918
# framework: flask
# flow: a requests.Session fetches a feed URL the client supplied
import requests
from flask import Flask, request

app = Flask(__name__)
http = requests.Session()
http.headers["User-Agent"] = "feed-reader/1.0"


@app.route("/feed")
def feed():
    feed_url = request.args.get("src", "").strip()
    resp = http.get(feed_url, timeout=10)  # sink
    return {"bytes": len(resp.content)}
