# label: safe CWE-79
# framework: flask
# why: only an int derived from the input reaches the page
from flask import Flask, request

app = Flask(__name__)


@app.route("/cart")
def cart():
    qty = int(request.args.get("qty", "1"))
    return f"<p>You have {qty} item(s) in your cart.</p>"  # sink
