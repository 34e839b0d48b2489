# label: CWE-78
# framework: django
# flow: a POST field of a class-based view in subprocess.Popen(shell=True)
import subprocess

from django.http import JsonResponse
from django.views import View


class ArchiveView(View):
    def post(self, request):
        label = request.POST.get("label", "nightly")
        proc = subprocess.Popen("zip -r /srv/archives/%s.zip /srv/data" % label, shell=True)  # sink
        return JsonResponse({"pid": proc.pid})
