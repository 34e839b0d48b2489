# label: safe CWE-95
# framework: flask
# why: ast.literal_eval only accepts Python literals
import ast

from flask import Flask, request

app = Flask(__name__)


@app.route("/calc")
def calc():
    expr = request.args.get("expr", "0")
    return {"result": ast.literal_eval(expr)}  # sink
