# label: safe CWE-90
# framework: django
# why: the login is escaped with ldap3's escape_filter_chars before it is put in the filter
from django.http import JsonResponse
from ldap3 import Connection, Server
from ldap3.utils.conv import escape_filter_chars

SERVER = Server("ldaps://ldap.example.org")


def check_member(request):
    login = escape_filter_chars(request.POST.get("login", ""))
    conn = Connection(SERVER, auto_bind=True)
    found = conn.search("ou=staff,dc=example,dc=org", "(&(uid=" + login + ")(memberOf=cn=admins,dc=example,dc=org))")  # sink
    return JsonResponse({"admin": bool(found)})
