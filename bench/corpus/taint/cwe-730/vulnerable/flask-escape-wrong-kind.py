# label: CWE-730
# framework: flask
# flow: html.escape leaves regex metacharacters such as (a+)+ untouched
import html
import re

from flask import Flask, request

app = Flask(__name__)


@app.post("/validate")
def validate():
    rule = html.escape(request.form.get("rule", ""))
    value = request.form.get("value", "")
    return {"valid": re.fullmatch(rule, value) is not None}  # sink
