# label: helper
from flask import Flask, jsonify, request

from search import grep

app = Flask(__name__)
LINES = ["GET /a 200", "POST /b 500"]


@app.route("/grep")
def grep_view():
    return jsonify(grep(request.args.get("p", ""), LINES))
