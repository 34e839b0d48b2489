# label: CWE-90
# framework: django
# flow: a POST field in an ldap3 search filter of a Django view
from django.http import JsonResponse
from ldap3 import Connection, Server

SERVER = Server("ldaps://ldap.example.org")


def check_member(request):
    login = request.POST.get("login", "")
    conn = Connection(SERVER, auto_bind=True)
    found = conn.search("ou=staff,dc=example,dc=org", "(&(uid=" + login + ")(memberOf=cn=admins,dc=example,dc=org))")  # sink
    return JsonResponse({"admin": bool(found)})
