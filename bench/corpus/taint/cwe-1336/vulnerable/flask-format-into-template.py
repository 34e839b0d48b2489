# label: CWE-1336
# framework: flask
# flow: str.format puts the title into the template source before rendering
from flask import Flask, render_template_string, request

app = Flask(__name__)
PAGE = "<html><head><title>{}</title></head><body>{{{{ body }}}}</body></html>"


@app.route("/page")
def page():
    title = request.args.get("title", "Untitled")
    return render_template_string(PAGE.format(title), body="...")  # sink
