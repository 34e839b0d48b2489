# label: CWE-90
# framework: flask (cross-module: views.py passes request data to this module)
# flow: a helper in another module searches with a filter built from its argument
import ldap


def find_person(uid):
    conn = ldap.initialize("ldap://ldap.example.org")
    return conn.search_s("ou=people,dc=example,dc=org", ldap.SCOPE_SUBTREE, f"(uid={uid})")  # sink
