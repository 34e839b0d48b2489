# label: CWE-502
# framework: django
# flow: a cookie base64-decoded and unpickled
import base64
import pickle

from django.http import JsonResponse


def wizard_state(request):
    raw = request.COOKIES.get("wizard", "")
    state = pickle.loads(base64.b64decode(raw))  # sink
    return JsonResponse({"step": state.get("step", 1)})
