# label: CWE-501
# framework: django
# flow: a POST value formatted into a permission string stored in the session
from django.http import JsonResponse
from django.views.decorators.http import require_POST


@require_POST
def grant(request):
    scope = request.POST.get("scope", "read")
    request.session["permission"] = f"project:{scope}"  # sink
    return JsonResponse({"granted": scope})
