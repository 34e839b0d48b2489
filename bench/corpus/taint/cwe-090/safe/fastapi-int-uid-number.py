# label: safe CWE-90
# framework: fastapi
# why: the uid number is validated as an int by FastAPI
import ldap
from fastapi import FastAPI

app = FastAPI()


@app.get("/by-uid-number")
def by_uid_number(uid_number: int):
    conn = ldap.initialize("ldap://ldap.example.org")
    rows = conn.search_s("ou=people,dc=example,dc=org", ldap.SCOPE_SUBTREE, f"(uidNumber={uid_number})", ["uid"])  # sink
    return {"entries": len(rows)}
