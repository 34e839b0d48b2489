# label: safe CWE-22
# framework: django
# why: the parameter is reduced to its base name before it is stored on self
import os

from django.http import HttpResponse
from django.views import View


class LogTail(View):
    base = "/var/log/app"

    def get(self, request, logname):
        self.logname = os.path.basename(logname)
        return HttpResponse(self.tail(), content_type="text/plain")

    def tail(self):
        with open(os.path.join(self.base, self.logname)) as fh:  # sink
            return "".join(fh.readlines()[-50:])
