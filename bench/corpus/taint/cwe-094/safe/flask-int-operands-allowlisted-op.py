# label: safe CWE-95
# framework: flask
# why: the operands are ints and the operator must be one of four constants
from flask import Flask, abort, request

app = Flask(__name__)


@app.route("/arith")
def arith():
    a = int(request.args.get("a", "0"))
    b = int(request.args.get("b", "0"))
    op = request.args.get("op", "+")
    if op not in ("+", "-", "*", "//"):
        abort(400)
    return {"result": eval(f"{a} {op} {b}")}  # sink
