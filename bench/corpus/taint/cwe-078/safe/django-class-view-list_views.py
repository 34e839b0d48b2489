# label: safe CWE-78
# framework: django
# why: the label is one element of an argument list run without a shell
import subprocess

from django.http import JsonResponse
from django.views import View


class ArchiveView(View):
    def post(self, request):
        label = request.POST.get("label", "nightly")
        proc = subprocess.Popen(["zip", "-r", f"/srv/archives/{label}.zip", "/srv/data"])  # sink
        return JsonResponse({"pid": proc.pid})
