# label: safe CWE-95
# framework: flask
# why: the evaluated text is a constant; the input is only a data value in the locals
from flask import Flask, request

app = Flask(__name__)
PRICE_FORMULA = "base * qty * (1 - discount)"


@app.route("/quote")
def quote():
    qty = request.args.get("qty", "1")
    env = {"base": 9.5, "qty": float(qty), "discount": 0.1}
    return {"total": eval(PRICE_FORMULA, {"__builtins__": {}}, env)}  # sink
