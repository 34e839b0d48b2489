# label: CWE-90
# framework: fastapi
# flow: a query parameter formatted into a python-ldap filter
import ldap
from fastapi import FastAPI

app = FastAPI()


@app.get("/phonebook")
def phonebook(surname: str):
    conn = ldap.initialize("ldap://ldap.example.org")
    flt = "(&(objectClass=inetOrgPerson)(sn={}))".format(surname)
    rows = conn.search_s("ou=people,dc=example,dc=org", ldap.SCOPE_SUBTREE, flt, ["telephoneNumber"])  # sink
    return {"entries": len(rows)}
