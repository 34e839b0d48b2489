# label: CWE-90
# framework: flask
# flow: a login name in a python-ldap search filter
import ldap
from flask import Flask, request

app = Flask(__name__)
BASE_DN = "ou=people,dc=example,dc=org"


@app.route("/directory/lookup")
def lookup():
    uid = request.args.get("uid", "")
    conn = ldap.initialize("ldap://ldap.example.org")
    conn.simple_bind_s("cn=reader,dc=example,dc=org", "reader-password")
    results = conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, "(uid=" + uid + ")", ["cn", "mail"])  # sink
    return {"found": len(results)}
