# label: safe CWE-90
# framework: django (REST framework)
# why: the group name is escaped with escape_filter_chars
import ldap
from ldap.filter import escape_filter_chars
from rest_framework.response import Response
from rest_framework.views import APIView


class GroupMembers(APIView):
    def post(self, request):
        group = escape_filter_chars(request.data.get("group", ""))
        conn = ldap.initialize("ldap://ldap.example.org")
        res = conn.search_s("ou=groups,dc=example,dc=org", ldap.SCOPE_SUBTREE, f"(&(objectClass=groupOfNames)(cn={group}))")  # sink
        return Response({"groups": len(res)})
