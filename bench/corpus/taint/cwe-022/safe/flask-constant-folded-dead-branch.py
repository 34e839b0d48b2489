# label: safe CWE-22
# framework: flask
# why: the constant condition is true, so the literal file name is always used
from flask import Flask, request

app = Flask(__name__)


@app.route("/read")
def read():
    user_supplied = request.args.get("f", "")
    value = "report.txt" if (4 * 9) - 30 < 50 else user_supplied
    with open("/srv/reports/" + value) as fh:  # sink
        return {"content": fh.read(), "asked": len(user_supplied)}
