# label: CWE-1336
# framework: flask
# flow: a request value compiled as a Mako template
from flask import Flask, request
from mako.template import Template

app = Flask(__name__)


@app.post("/report/render")
def render_report():
    layout = request.form.get("layout", "${title}")
    return {"html": Template(layout).render(title="Q3")}  # sink
