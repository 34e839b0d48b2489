# label: CWE-643
# framework: flask
# flow: a login name put in an XPath predicate with an f-string
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
USERS = etree.parse("/srv/app/users.xml")


@app.post("/login")
def login():
    user = request.form["user"]
    pw_hash = request.form["pw_hash"]
    hits = USERS.xpath(f"//user[name='{user}' and hash='{pw_hash}']")  # sink
    return {"ok": bool(hits)}
