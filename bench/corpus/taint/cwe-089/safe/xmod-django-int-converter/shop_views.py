# label: safe CWE-89
# framework: django (cross-module: urls.py routes this view with `<int:pk>`)
# why: Django's `int` path converter only lets digits through and passes an int, so the formatted SQL holds a number
from django.db import connection
from django.http import JsonResponse


def order(request, pk):
    with connection.cursor() as cur:
        cur.execute("SELECT id, total FROM orders WHERE id = %s" % pk)  # sink
        row = cur.fetchone()
    return JsonResponse({"order": row})
