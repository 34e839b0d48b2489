# label: CWE-78
# framework: flask
# flow: an assignment expression (walrus) binds the header value that reaches os.popen
import os

from flask import Flask, request

app = Flask(__name__)


@app.route("/whois")
def whois():
    if (domain := request.headers.get("X-Domain")):
        output = os.popen("whois %s" % domain).read()  # sink
        return output, 200, {"Content-Type": "text/plain"}
    return "missing X-Domain", 400
