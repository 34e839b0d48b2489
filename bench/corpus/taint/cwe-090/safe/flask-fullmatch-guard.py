# label: safe CWE-90
# framework: flask
# why: the team name must match a pattern of letters, digits and dashes
import re

import ldap
from flask import Flask, abort, request

app = Flask(__name__)


@app.route("/groups")
def groups():
    team = request.args.get("team", "")
    if not re.fullmatch(r"[a-z0-9-]{1,32}", team):
        abort(400)
    conn = ldap.initialize("ldap://ldap.example.org")
    entries = conn.search_s(f"ou={team},ou=teams,dc=example,dc=org", ldap.SCOPE_ONELEVEL, "(objectClass=groupOfNames)")  # sink
    return {"groups": [dn for dn, _ in entries]}
