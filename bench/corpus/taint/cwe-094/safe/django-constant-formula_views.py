# label: safe CWE-95
# framework: django
# why: the evaluated formula is constant; the inputs are floats passed as locals
from django.http import JsonResponse

AREA = "width * height"


def area(request):
    w = float(request.GET.get("w", "0"))
    h = float(request.GET.get("h", "0"))
    return JsonResponse({"area": eval(AREA, {"__builtins__": {}}, {"width": w, "height": h})})  # sink
