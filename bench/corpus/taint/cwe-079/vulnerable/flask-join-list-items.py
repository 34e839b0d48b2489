# label: CWE-79
# framework: flask
# flow: a list comprehension over repeated parameters, joined into HTML
from flask import Flask, request

app = Flask(__name__)


@app.route("/tags")
def tags():
    items = ["<li>{}</li>".format(t) for t in request.args.getlist("tag")]
    body = "<ul>" + "".join(items) + "</ul>"
    return body  # sink
