# label: safe CWE-643
# framework: django
# why: only an int from the query reaches the XPath
from django.http import JsonResponse
from lxml import etree

DIRECTORY = etree.parse("/srv/app/staff.xml").getroot()


def nth_person(request):
    n = int(request.GET.get("n", "1"))
    names = DIRECTORY.xpath(f"//person[{n}]/name/text()")  # sink
    return JsonResponse({"name": str(names[0]) if names else None})
