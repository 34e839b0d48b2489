# label: CWE-501
# framework: django
# flow: a GET parameter stored in request.session as the active account
from django.http import JsonResponse


def switch_account(request):
    request.session["account_id"] = request.GET["account"]  # sink
    return JsonResponse({"switched": True})
