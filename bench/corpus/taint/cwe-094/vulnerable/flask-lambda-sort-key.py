# label: CWE-95
# framework: flask
# flow: a sort key expression turned into a lambda with eval
from flask import Flask, jsonify, request

app = Flask(__name__)
ROWS = [{"name": "a", "size": 3}, {"name": "b", "size": 1}]


@app.route("/rows")
def rows():
    key_src = request.args.get("key", "row['name']")
    key = eval("lambda row: " + key_src)  # sink
    return jsonify(sorted(ROWS, key=key))
