# label: safe CWE-611
# framework: django
# why: defusedxml's minidom refuses entity declarations and external references
from defusedxml import minidom

from django.http import JsonResponse


def import_contacts(request):
    doc = minidom.parseString(request.body)  # sink
    return JsonResponse({"contacts": len(doc.getElementsByTagName("contact"))})
