# label: safe CWE-94
# framework: flask
# why: only the constant snippet of the dict is executed
from flask import Flask, request

app = Flask(__name__)


@app.post("/warmup")
def warmup():
    snippets = {"builtin": "import json; json.dumps({})", "user": request.form.get("snippet", "")}
    exec(snippets["builtin"])  # sink
    return {"stored_chars": len(snippets["user"])}
