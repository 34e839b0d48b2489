# label: CWE-22
# framework: flask
# flow: the constant condition is false, so the request value is the live branch
from flask import Flask, request

app = Flask(__name__)


@app.route("/read")
def read():
    user_supplied = request.args.get("f", "")
    value = "report.txt" if (4 * 9) - 30 > 50 else user_supplied
    with open("/srv/reports/" + value) as fh:  # sink
        return {"content": fh.read()}
