# label: CWE-22
# framework: django
# flow: a GET value appended to a pathlib base and opened for a FileResponse
from pathlib import Path

from django.http import FileResponse

MEDIA = Path("/srv/media")


def media_file(request):
    target = MEDIA / request.GET["f"]
    return FileResponse(open(target, "rb"))  # sink
