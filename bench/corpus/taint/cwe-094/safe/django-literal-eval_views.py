# label: safe CWE-95
# framework: django
# why: the value is parsed with ast.literal_eval, not evaluated
import ast

from django.http import JsonResponse


def parse_tuple(request):
    raw = request.GET.get("t", "()")
    value = ast.literal_eval(raw)  # sink
    return JsonResponse({"length": len(value)})
