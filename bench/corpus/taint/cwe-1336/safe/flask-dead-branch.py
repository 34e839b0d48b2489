# label: safe CWE-1336
# framework: flask
# why: the branch that compiles the input is behind a constant false condition
from flask import Flask, render_template, render_template_string, request

app = Flask(__name__)


@app.route("/custom-page")
def custom_page():
    src = request.args.get("src", "")
    if "a" == "b":
        return render_template_string(src)  # sink
    return render_template("page.html", src=src)
