# label: safe CWE-502
# framework: django
# why: yaml.safe_load on the request body
import yaml
from django.http import JsonResponse
from django.views.decorators.http import require_POST


@require_POST
def import_settings(request):
    settings = yaml.safe_load(request.body)  # sink
    return JsonResponse({"sections": list(settings)})
