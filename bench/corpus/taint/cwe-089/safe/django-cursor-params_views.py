# label: safe CWE-89
# framework: django
# why: the LIKE pattern is passed as a parameter of cursor.execute
from django.db import connection
from django.http import JsonResponse


def search_notes(request):
    needle = request.GET["q"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, body FROM notes_note WHERE body LIKE %s", ["%" + needle + "%"])  # sink
        rows = cursor.fetchall()
    return JsonResponse({"notes": rows})
