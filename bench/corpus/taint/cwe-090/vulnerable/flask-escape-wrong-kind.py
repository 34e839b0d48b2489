# label: CWE-90
# framework: flask
# flow: HTML escaping leaves *, ( and ) alone, so the filter can still be rewritten
import html

import ldap
from flask import Flask, request

app = Flask(__name__)


@app.route("/who")
def who():
    name = html.escape(request.args.get("name", ""))
    conn = ldap.initialize("ldap://ldap.example.org")
    res = conn.search_s("dc=example,dc=org", ldap.SCOPE_SUBTREE, f"(cn={name})")  # sink
    return {"count": len(res)}
