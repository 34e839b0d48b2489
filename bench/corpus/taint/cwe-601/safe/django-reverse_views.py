# label: safe CWE-601
# framework: django
# why: reverse() builds a URL of this site; the slug only fills a URL parameter
from django.shortcuts import redirect
from django.urls import reverse


def article_short(request, slug):
    return redirect(reverse("blog:article", kwargs={"slug": slug}))  # sink
