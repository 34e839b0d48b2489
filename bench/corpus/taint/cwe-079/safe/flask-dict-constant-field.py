# label: safe CWE-79
# framework: flask
# why: only the constant "title" field of the context dict is put in the page
from flask import Flask, request

app = Flask(__name__)


@app.route("/page")
def page():
    ctx = {"title": "Search", "query": request.args.get("q", "")}
    print("query length", len(ctx["query"]))
    return f"<html><head><title>{ctx['title']}</title></head><body></body></html>"  # sink
