# label: safe CWE-501
# framework: flask
# why: a theme outside the constant set is refused before it is stored
from flask import Flask, abort, request, session

app = Flask(__name__)
app.secret_key = "change-me"
THEMES = frozenset({"light", "dark", "contrast"})


@app.route("/theme")
def set_theme():
    theme = request.args.get("theme", "light")
    if theme not in THEMES:
        abort(400)
    session["theme"] = theme  # sink
    return {"theme": theme}
