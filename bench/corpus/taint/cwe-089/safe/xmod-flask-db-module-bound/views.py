# label: helper
from flask import Flask, request

from db import find_member

app = Flask(__name__)


@app.route("/member")
def member():
    row = find_member(request.args.get("name", ""))
    return {"found": row is not None}
