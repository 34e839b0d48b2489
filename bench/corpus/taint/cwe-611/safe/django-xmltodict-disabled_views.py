# label: safe CWE-611
# framework: django
# why: xmltodict.parse is told explicitly to refuse entity declarations
import xmltodict
from django.http import JsonResponse


def import_order(request):
    order = xmltodict.parse(request.body, disable_entities=True)  # sink
    return JsonResponse({"id": order["order"]["@id"]})
