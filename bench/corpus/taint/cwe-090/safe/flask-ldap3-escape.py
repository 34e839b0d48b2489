# label: safe CWE-90
# framework: flask
# why: ldap3's escape_filter_chars encodes the e-mail address for the filter
from flask import Flask, request
from ldap3 import ALL, Connection, Server
from ldap3.utils.conv import escape_filter_chars

app = Flask(__name__)
server = Server("ldap.example.org", get_info=ALL)


@app.post("/password-reset")
def password_reset():
    email = escape_filter_chars(request.form["email"])
    conn = Connection(server, "cn=svc,dc=example,dc=org", "svc-password", auto_bind=True)
    conn.search("dc=example,dc=org", f"(&(objectClass=person)(mail={email}))", attributes=["uid"])  # sink
    return {"matches": len(conn.entries)}
