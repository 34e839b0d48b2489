# label: CWE-78
# framework: django (REST framework)
# flow: a field of request.data in a shell command of a DRF view
import subprocess

from rest_framework.decorators import api_view
from rest_framework.response import Response


@api_view(["POST"])
def restart_worker(request):
    queue = request.data.get("queue", "default")
    subprocess.run("supervisorctl restart worker-" + queue, shell=True, check=False)  # sink
    return Response({"restarted": queue})
