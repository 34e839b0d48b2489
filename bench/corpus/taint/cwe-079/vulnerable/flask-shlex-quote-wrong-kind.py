# label: CWE-79
# framework: flask
# flow: shlex.quote is a shell sanitiser; it leaves < and > intact
import shlex

from flask import Flask, request

app = Flask(__name__)


@app.route("/cmd-preview")
def cmd_preview():
    arg = shlex.quote(request.args.get("arg", ""))
    return "<pre>tool --input " + arg + "</pre>"  # sink
