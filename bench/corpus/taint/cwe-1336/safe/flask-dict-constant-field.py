# label: safe CWE-1336
# framework: flask
# why: only the constant "layout" field is compiled; the note is a template variable
from flask import Flask, render_template_string, request

app = Flask(__name__)


@app.route("/note")
def note():
    parts = {"layout": "<blockquote>{{ note }}</blockquote>", "note": request.args.get("note", "")}
    return render_template_string(parts["layout"], note=parts["note"])  # sink
