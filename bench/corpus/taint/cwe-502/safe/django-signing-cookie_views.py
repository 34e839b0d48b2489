# label: safe CWE-502
# framework: django
# why: django.core.signing.loads checks the signature and decodes JSON
from django.core import signing
from django.http import JsonResponse


def wizard_state(request):
    raw = request.COOKIES.get("wizard", "")
    state = signing.loads(raw, salt="wizard", max_age=3600)  # sink
    return JsonResponse({"step": state.get("step", 1)})
