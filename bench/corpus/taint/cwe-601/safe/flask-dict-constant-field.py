# label: safe CWE-601
# framework: flask
# why: the constant "back" field is the target; the user field is only stored in a dict
from flask import Flask, redirect, request

app = Flask(__name__)


@app.route("/checkout/cancel")
def cancel():
    links = {"back": "/cart", "claimed": request.args.get("return", "")}
    app.logger.debug("cancel requested, claimed return length %d", len(links["claimed"]))
    return redirect(links["back"])  # sink
