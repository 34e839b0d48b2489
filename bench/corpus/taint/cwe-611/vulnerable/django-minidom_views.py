# label: CWE-611
# framework: django
# flow: the request body parsed with xml.dom.minidom (entity expansion is not limited)
from xml.dom import minidom

from django.http import JsonResponse


def import_contacts(request):
    doc = minidom.parseString(request.body)  # sink
    return JsonResponse({"contacts": len(doc.getElementsByTagName("contact"))})
