# label: CWE-643
# framework: django
# flow: a URL parameter of a class-based view in an XPath query
from django.http import JsonResponse
from django.views import View
from lxml import etree

TIMETABLE = etree.parse("/srv/app/timetable.xml")


class Departures(View):
    def get(self, request, stop):
        times = TIMETABLE.xpath(f"//stop[@name='{stop}']/departure/text()")  # sink
        return JsonResponse({"departures": [str(t) for t in times]})
