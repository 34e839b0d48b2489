# label: safe CWE-78
# framework: django (REST framework)
# why: the queue name must be one of the configured constants
import subprocess

from rest_framework.decorators import api_view
from rest_framework.response import Response

QUEUES = ("default", "mail", "reports")


@api_view(["POST"])
def restart_worker(request):
    queue = request.data.get("queue", "default")
    if queue not in QUEUES:
        return Response({"error": "unknown queue"}, status=400)
    subprocess.run("supervisorctl restart worker-" + queue, shell=True, check=False)  # sink
    return Response({"restarted": queue})
