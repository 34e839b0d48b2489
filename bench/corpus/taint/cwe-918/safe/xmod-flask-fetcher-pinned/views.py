# label: helper
from flask import Flask, request

from fetcher import fetch_text

app = Flask(__name__)


@app.route("/import")
def import_doc():
    text = fetch_text(request.args.get("doc", ""))
    return {"chars": len(text)}
