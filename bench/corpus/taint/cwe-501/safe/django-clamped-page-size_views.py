# label: safe CWE-501
# framework: django
# why: the page size is an int clamped to 10..100 before it is stored as a preference
from django.http import JsonResponse


def page_size(request):
    size = max(10, min(int(request.GET.get("size", "20")), 100))
    request.session["page_size"] = size  # sink
    return JsonResponse({"page_size": size})
