# label: safe CWE-89
# framework: django
# why: the ORM builds a parameterised query from keyword lookups
from django.http import JsonResponse

from .models import Product


def cheaper_than(request):
    ceiling = request.POST.get("max_price", "100")
    name = request.POST.get("name", "")
    qs = Product.objects.filter(price__lt=ceiling, name__icontains=name)  # sink
    return JsonResponse({"count": qs.count()})
