# label: CWE-1336
# framework: flask
# flow: HTML escaping leaves {{ }} intact, so the template engine still evaluates them
from flask import Flask, render_template_string, request
from markupsafe import escape

app = Flask(__name__)


@app.route("/badge")
def badge():
    label = escape(request.args.get("label", "member"))
    return render_template_string("<span class='badge'>" + str(label) + "</span>")  # sink
