# label: CWE-22
# framework: django
# flow: a class-based view stores the parameter on self; a helper method opens it
import os

from django.http import HttpResponse
from django.views import View


class LogTail(View):
    base = "/var/log/app"

    def get(self, request, logname):
        self.logname = logname
        return HttpResponse(self.tail(), content_type="text/plain")

    def tail(self):
        with open(os.path.join(self.base, self.logname)) as fh:  # sink
            return "".join(fh.readlines()[-50:])
