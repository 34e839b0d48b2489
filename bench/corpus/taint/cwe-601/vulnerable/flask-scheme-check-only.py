# label: CWE-601
# framework: flask
# flow: checking the scheme leaves the host free; https://evil.example passes
from flask import Flask, abort, redirect, request

app = Flask(__name__)


@app.route("/continue")
def continue_to():
    target = request.values.get("to", "")
    if not target.startswith("https://"):
        abort(400)
    return redirect(target)  # sink
