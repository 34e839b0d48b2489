# label: CWE-1336
# framework: flask
# flow: the input becomes part of the template source, so {{ ... }} in it is executed
from flask import Flask, render_template_string, request

app = Flask(__name__)


@app.route("/greeting")
def greeting():
    name = request.args.get("name", "guest")
    template = f"<h1>Hello {name}!</h1><p>{{{{ now }}}}</p>"
    return render_template_string(template, now="today")  # sink
