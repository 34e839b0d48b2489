# label: CWE-90
# framework: fastapi
# flow: a Form field in an ldap3 search filter
from fastapi import FastAPI, Form
from ldap3 import Connection, Server

app = FastAPI()
SERVER = Server("ldap.example.org")


@app.post("/login")
def login(username: str = Form(...)):
    conn = Connection(SERVER, auto_bind=True)
    conn.search("ou=people,dc=example,dc=org", "(&(uid=%s)(!(accountLocked=TRUE)))" % username)  # sink
    return {"exists": bool(conn.entries)}
