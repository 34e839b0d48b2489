# label: CWE-79
# framework: flask
# flow: a URL-decoded cookie echoed into the page
from urllib.parse import unquote

from flask import Flask, request

app = Flask(__name__)


@app.route("/welcome")
def welcome():
    name = unquote(request.cookies.get("display_name", "guest"))
    greeting = f"<p>Welcome back, {name.title()}</p>"
    return greeting  # sink
