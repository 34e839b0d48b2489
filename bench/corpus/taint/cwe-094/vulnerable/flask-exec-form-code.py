# label: CWE-94
# framework: flask
# flow: a form field executed with exec, even with empty builtins
from flask import Flask, request

app = Flask(__name__)


@app.post("/rules/test")
def test_rule():
    code = request.form["rule"]
    scope = {"__builtins__": {}}
    exec(code, scope)  # sink
    return {"defined": sorted(k for k in scope if not k.startswith("__"))}
