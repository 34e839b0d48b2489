# label: safe CWE-90
# framework: fastapi
# why: the user name must match a pattern without filter metacharacters
import re

from fastapi import FastAPI, Form, HTTPException
from ldap3 import Connection, Server

app = FastAPI()
SERVER = Server("ldap.example.org")


@app.post("/login")
def login(username: str = Form(...)):
    if not re.fullmatch(r"[a-z][a-z0-9._-]{0,31}", username):
        raise HTTPException(status_code=400)
    conn = Connection(SERVER, auto_bind=True)
    conn.search("ou=people,dc=example,dc=org", "(&(uid=%s)(!(accountLocked=TRUE)))" % username)  # sink
    return {"exists": bool(conn.entries)}
