# label: safe CWE-22
# framework: flask
# why: the cookie only selects one of the constant paths of a mapping
from flask import Flask, Response, request

app = Flask(__name__)
THEMES = {"light": "/srv/themes/light.css", "dark": "/srv/themes/dark.css"}


@app.route("/theme.css")
def theme():
    path = THEMES.get(request.cookies.get("theme", "light"), THEMES["light"])
    with open(path) as fh:  # sink
        return Response(fh.read(), mimetype="text/css")
