# label: CWE-90
# framework: flask
# flow: an e-mail address in an ldap3 search filter
from flask import Flask, request
from ldap3 import ALL, Connection, Server

app = Flask(__name__)
server = Server("ldap.example.org", get_info=ALL)


@app.post("/password-reset")
def password_reset():
    email = request.form["email"]
    conn = Connection(server, "cn=svc,dc=example,dc=org", "svc-password", auto_bind=True)
    conn.search("dc=example,dc=org", f"(&(objectClass=person)(mail={email}))", attributes=["uid"])  # sink
    return {"matches": len(conn.entries)}
