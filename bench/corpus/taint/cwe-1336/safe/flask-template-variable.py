# label: safe CWE-1336
# framework: flask
# why: the template source is constant; the input is passed as a variable
from flask import Flask, render_template_string, request

app = Flask(__name__)


@app.route("/greeting")
def greeting():
    name = request.args.get("name", "guest")
    return render_template_string("<h1>Hello {{ name }}!</h1>", name=name)  # sink
