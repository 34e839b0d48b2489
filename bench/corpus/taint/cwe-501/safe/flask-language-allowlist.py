# label: safe CWE-501
# framework: flask
# why: the language is stored only when it is one of the supported constants
from flask import Flask, request, session

app = Flask(__name__)
app.secret_key = "change-me"
SUPPORTED = ("en", "fr", "de")


@app.route("/lang")
def set_lang():
    lang = request.args.get("lang", "en")
    session["lang"] = lang if lang in SUPPORTED else "en"  # sink
    return {"lang": session["lang"]}
