# label: safe CWE-643
# framework: django
# why: the stop name is passed as an XPath variable
from django.http import JsonResponse
from django.views import View
from lxml import etree

TIMETABLE = etree.parse("/srv/app/timetable.xml")


class Departures(View):
    def get(self, request, stop):
        times = TIMETABLE.xpath("//stop[@name=$s]/departure/text()", s=stop)  # sink
        return JsonResponse({"departures": [str(t) for t in times]})
