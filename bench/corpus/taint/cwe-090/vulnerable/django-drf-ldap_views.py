# label: CWE-90
# framework: django (REST framework)
# flow: a field of request.data in a python-ldap filter
import ldap
from rest_framework.response import Response
from rest_framework.views import APIView


class GroupMembers(APIView):
    def post(self, request):
        group = request.data.get("group", "")
        conn = ldap.initialize("ldap://ldap.example.org")
        res = conn.search_s("ou=groups,dc=example,dc=org", ldap.SCOPE_SUBTREE, f"(&(objectClass=groupOfNames)(cn={group}))")  # sink
        return Response({"groups": len(res)})
