# label: safe CWE-22
# framework: django
# why: Django's UploadedFile.name is already reduced to a base name when the upload is parsed
import os

from django.http import JsonResponse
from django.views.decorators.http import require_POST

MEDIA = "/srv/media/uploads"


@require_POST
def upload(request):
    f = request.FILES["document"]
    with open(os.path.join(MEDIA, f.name), "wb") as out:  # sink
        for chunk in f.chunks():
            out.write(chunk)
    return JsonResponse({"stored": True})
