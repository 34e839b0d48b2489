# label: CWE-502
# framework: django
# flow: the raw request body in yaml.unsafe_load
import yaml
from django.http import JsonResponse
from django.views.decorators.http import require_POST


@require_POST
def import_settings(request):
    settings = yaml.unsafe_load(request.body)  # sink
    return JsonResponse({"sections": list(settings)})
