# label: CWE-95
# framework: django
# flow: an operator from the query string spliced into eval'd text
from django.http import JsonResponse


def compute(request):
    a = request.GET.get("a", "0")
    op = request.GET.get("op", "+")
    b = request.GET.get("b", "0")
    return JsonResponse({"result": eval(f"{a} {op} {b}")})  # sink
