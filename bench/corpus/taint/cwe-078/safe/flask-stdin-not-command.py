# label: safe CWE-78
# framework: flask
# why: the text goes to the process's stdin; the command itself is constant
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.post("/wordcount")
def wordcount():
    text = request.get_data(as_text=True)
    out = subprocess.run(["wc", "-w"], input=text, capture_output=True, text=True)  # sink
    return {"words": int(out.stdout.split()[0])}
