# label: safe CWE-90
# framework: flask (cross-module: views.py passes request data to this module)
# why: the helper in another module escapes its argument for the filter
import ldap
from ldap.filter import escape_filter_chars


def find_person(uid):
    conn = ldap.initialize("ldap://ldap.example.org")
    return conn.search_s("ou=people,dc=example,dc=org", ldap.SCOPE_SUBTREE, f"(uid={escape_filter_chars(uid)})")  # sink
