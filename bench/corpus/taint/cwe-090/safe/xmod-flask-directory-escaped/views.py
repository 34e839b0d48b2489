# label: helper
from flask import Flask, request

from directory import find_person

app = Flask(__name__)


@app.route("/person")
def person():
    return {"found": bool(find_person(request.args.get("uid", "")))}
