# label: CWE-611
# framework: django
# flow: an uploaded XML file parsed with lxml's default parser
from django.http import JsonResponse
from lxml import etree


def import_feed(request):
    upload = request.FILES["feed"]
    tree = etree.parse(upload)  # sink
    return JsonResponse({"items": len(tree.getroot())})
