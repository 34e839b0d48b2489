# label: CWE-79
# framework: flask
# flow: request text wrapped in Markup is declared safe and rendered unescaped
from flask import Flask, render_template, request
from markupsafe import Markup

app = Flask(__name__)


@app.route("/profile")
def profile():
    bio = request.args.get("bio", "")
    banner = Markup(f"<div class='bio'>{bio}</div>")  # sink
    return render_template("profile.html", banner=banner)
