# label: safe CWE-730
# framework: django
# why: the word is escaped with re.escape before it is embedded in a pattern
import re

from django.http import JsonResponse

from .models import Article


def highlight(request, pk):
    article = Article.objects.get(pk=pk)
    needle = request.GET.get("q", "")
    rx = re.compile(rf"\b{re.escape(needle)}\b", re.IGNORECASE)  # sink
    return JsonResponse({"hits": len(rx.findall(article.body))})
