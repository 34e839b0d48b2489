# label: CWE-90
# framework: flask
# flow: the search base DN is built from the input (DN injection)
import ldap
from flask import Flask, request

app = Flask(__name__)


@app.route("/groups")
def groups():
    team = request.args.get("team", "")[:64]
    conn = ldap.initialize("ldap://ldap.example.org")
    base = "ou=%s,ou=teams,dc=example,dc=org" % team
    entries = conn.search_s(base, ldap.SCOPE_ONELEVEL, "(objectClass=groupOfNames)")  # sink
    return {"groups": [dn for dn, _ in entries]}
