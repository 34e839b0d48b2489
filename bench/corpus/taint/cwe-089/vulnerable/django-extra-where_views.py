# label: CWE-89
# framework: django
# flow: a POST value in QuerySet.extra(where=...)
from django.http import JsonResponse
from django.views.decorators.http import require_POST

from .models import Product


@require_POST
def cheaper_than(request):
    ceiling = request.POST.get("max_price", "100")
    qs = Product.objects.extra(where=[f"price < {ceiling}"])  # sink
    return JsonResponse({"count": qs.count()})
