# label: CWE-78
# framework: flask
# flow: doubling single quotes escapes for SQL, not for the shell; ; and $() still work
import os

from flask import Flask, request

app = Flask(__name__)


@app.route("/grep")
def grep_logs():
    needle = request.args["q"].replace("'", "''")
    code = os.system(f"grep -c {needle} /var/log/app.log > /tmp/count.txt")  # sink
    return {"exit": code}
