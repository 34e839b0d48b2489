# label: safe CWE-22
# framework: flask
# why: the element that held the request value is replaced before it is opened
from flask import Flask, request

app = Flask(__name__)


@app.route("/config")
def config():
    candidates = [request.args.get("cfg", ""), "/etc/app/defaults.ini"]
    candidates[0] = "/etc/app/site.ini"
    with open(candidates[0]) as fh:  # sink
        return {"ini": fh.read()}
