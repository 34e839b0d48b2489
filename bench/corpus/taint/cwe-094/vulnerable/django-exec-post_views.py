# label: CWE-94
# framework: django
# flow: a POST field run with exec by an admin-ish view
from django.contrib.admin.views.decorators import staff_member_required
from django.http import JsonResponse


@staff_member_required
def run_migration_snippet(request):
    snippet = request.POST.get("code", "")
    env = {}
    exec(snippet, env)  # sink
    return JsonResponse({"names": sorted(k for k in env if not k.startswith("_"))})
