# label: CWE-117
# framework: flask
# flow: HTML escaping keeps carriage returns and line feeds
import logging

from flask import Flask, request
from markupsafe import escape

app = Flask(__name__)
audit = logging.getLogger("audit")


@app.post("/profile")
def update_profile():
    nickname = str(escape(request.form.get("nickname", "")))
    audit.info("nickname changed to %s", nickname)  # sink
    return {"nickname": nickname}
