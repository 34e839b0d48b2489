# label: safe CWE-643
# framework: flask
# why: the values are passed as XPath variables, never parsed as XPath
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
USERS = etree.parse("/srv/app/users.xml")


@app.post("/login")
def login():
    user = request.form["user"]
    pw_hash = request.form["pw_hash"]
    hits = USERS.xpath("//user[name=$u and hash=$h]", u=user, h=pw_hash)  # sink
    return {"ok": bool(hits)}
