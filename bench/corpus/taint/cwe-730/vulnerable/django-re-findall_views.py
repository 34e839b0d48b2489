# label: CWE-730
# framework: django
# flow: a GET parameter as the pattern of re.findall
import re

from django.http import JsonResponse

from .models import Article


def highlight(request, pk):
    article = Article.objects.get(pk=pk)
    needle = request.GET.get("q", "")
    return JsonResponse({"hits": len(re.findall(needle, article.body))})  # sink
