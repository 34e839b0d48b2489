# label: CWE-89
# framework: django (cross-module: urls.py routes this view with a plain `<code>` string parameter)
# flow: a string URL parameter is formatted into the SQL text
from django.db import connection
from django.http import JsonResponse


def coupon(request, code):
    with connection.cursor() as cur:
        cur.execute("SELECT id, percent FROM coupons WHERE code = '%s'" % code)  # sink
        row = cur.fetchone()
    return JsonResponse({"coupon": row})
