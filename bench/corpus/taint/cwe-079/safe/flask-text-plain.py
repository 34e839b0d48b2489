# label: safe CWE-79
# framework: flask
# why: the body is sent as text/plain, so the browser shows it as text
from flask import Flask, Response

app = Flask(__name__)


@app.route("/hello/<name>")
def hello(name):
    return Response("Hello " + name, mimetype="text/plain")  # sink
