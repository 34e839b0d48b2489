# label: safe CWE-90
# framework: flask
# why: the filter that uses the input is behind a constant false condition
import ldap
from flask import Flask, request

app = Flask(__name__)


@app.route("/staff")
def staff():
    dept = request.args.get("dept", "")
    flt = "(objectClass=person)"
    if 100 // 10 == 11:
        flt = f"(&(objectClass=person)(ou={dept}))"
    conn = ldap.initialize("ldap://ldap.example.org")
    return {"n": len(conn.search_s("dc=example,dc=org", ldap.SCOPE_SUBTREE, flt))}  # sink
