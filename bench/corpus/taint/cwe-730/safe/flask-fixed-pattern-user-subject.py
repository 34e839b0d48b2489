# label: safe CWE-730
# framework: flask
# why: the pattern is constant; the input is only the text being matched
import re

from flask import Flask, request

app = Flask(__name__)
ZIP = re.compile(r"^\d{5}(?:-\d{4})?$")


@app.post("/address")
def address():
    code = request.form.get("zip", "")
    return {"valid": bool(re.match(r"^\d{5}(?:-\d{4})?$", code)), "again": bool(ZIP.match(code))}  # sink
