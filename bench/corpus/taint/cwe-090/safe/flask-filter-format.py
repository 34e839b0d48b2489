# label: safe CWE-90
# framework: flask
# why: ldap.filter.filter_format escapes each value it substitutes
import ldap
import ldap.filter
from flask import Flask, request

app = Flask(__name__)


@app.route("/who")
def who():
    name = request.args.get("name", "")
    conn = ldap.initialize("ldap://ldap.example.org")
    flt = ldap.filter.filter_format("(cn=%s)", [name])
    res = conn.search_s("dc=example,dc=org", ldap.SCOPE_SUBTREE, flt)  # sink
    return {"count": len(res)}
