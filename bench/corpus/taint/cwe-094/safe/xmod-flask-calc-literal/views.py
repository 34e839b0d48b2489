# label: helper
from flask import Flask, request

from calc import evaluate

app = Flask(__name__)


@app.route("/sheet/cell")
def cell():
    return {"value": evaluate(request.args.get("f", "1"), {"x": 2, "y": 3})}
