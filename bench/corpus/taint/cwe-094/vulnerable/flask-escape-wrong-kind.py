# label: CWE-95
# framework: flask
# flow: html.escape does not stop code such as __import__('os').system('id')
import html

from flask import Flask, request

app = Flask(__name__)


@app.route("/formula")
def formula():
    f = html.escape(request.args.get("f", "1+1"), quote=False)
    value = eval(f, {"__builtins__": __builtins__}, {})  # sink
    return {"value": value}
