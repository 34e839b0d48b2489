# label: CWE-79
# framework: flask
# flow: a route parameter %-formatted into the returned page
from flask import Flask

app = Flask(__name__)


@app.route("/hello/<name>")
def hello(name):
    page = "<html><body><h1>Hello %s</h1></body></html>" % name
    return page  # sink
