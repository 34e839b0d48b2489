# label: CWE-89
# framework: django
# flow: a URL parameter of a class-based view in a cursor query
from django.db import connection
from django.http import JsonResponse
from django.views import View


class TeamMembers(View):
    def get(self, request, team_slug):
        query = "SELECT username FROM accounts_user WHERE team = '%s'" % team_slug
        with connection.cursor() as cur:
            cur.execute(query)  # sink
            names = [r[0] for r in cur.fetchall()]
        return JsonResponse({"members": names})
