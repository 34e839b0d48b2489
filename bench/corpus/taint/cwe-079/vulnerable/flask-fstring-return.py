# label: CWE-79
# framework: flask
# flow: a query value returned inside an f-string by a Flask view
from flask import Flask, request

app = Flask(__name__)


@app.route("/search")
def search():
    q = request.args.get("q", "")
    return f"<h2>No results for {q}</h2><a href='/'>back</a>"  # sink
