# label: safe CWE-1336
# framework: flask
# why: the input chooses one of a few constant template sources
from flask import Flask, render_template_string, request

app = Flask(__name__)
LAYOUTS = {
    "short": "<p>{{ title }}</p>",
    "long": "<article><h1>{{ title }}</h1>{{ body }}</article>",
}


@app.route("/card")
def card():
    source = LAYOUTS.get(request.args.get("layout", "short"), LAYOUTS["short"])
    return render_template_string(source, title=request.args.get("title", ""), body="")  # sink
