# label: safe CWE-611
# framework: django
# why: defusedxml parses the uploaded file
from defusedxml import ElementTree
from django.http import JsonResponse


def import_feed(request):
    upload = request.FILES["feed"]
    tree = ElementTree.parse(upload)  # sink
    return JsonResponse({"items": len(tree.getroot())})
