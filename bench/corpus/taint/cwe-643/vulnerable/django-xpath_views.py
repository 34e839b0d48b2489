# label: CWE-643
# framework: django
# flow: a GET parameter in an XPath query on an element tree
from django.http import JsonResponse
from lxml import etree

DIRECTORY = etree.parse("/srv/app/staff.xml").getroot()


def phone(request):
    who = request.GET.get("who", "")
    numbers = DIRECTORY.xpath("//person[@login='" + who + "']/phone/text()")  # sink
    return JsonResponse({"numbers": [str(n) for n in numbers]})
