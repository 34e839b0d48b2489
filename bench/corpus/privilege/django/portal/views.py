# Django 5.1's LoginRequiredMiddleware guards every view except those marked @login_not_required.
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views import View

from .models import Document, Feedback


def archive_document(request, pk):  # safe: PW640
    Document.objects.filter(pk=pk, owner=request.user).delete()
    return redirect("/documents")


class RenameDocument(View):  # safe: PW640
    def post(self, request, pk):
        Document.objects.filter(pk=pk, owner=request.user).update(title=request.POST["title"])
        return redirect("/documents")


def document_json(request, pk):
    doc = Document.objects.get(pk=pk)  # expect: PW641
    return JsonResponse({"title": doc.title})


@login_not_required
def about(request):
    return render(request, "about.html")


@login_not_required
def purge_documents(request):  # expect: PW640
    Document.objects.all().delete()
    return redirect("/")


@method_decorator(login_not_required, name="dispatch")
class LeaveFeedback(View):  # expect: PW640
    def post(self, request):
        Feedback.objects.create(text=request.POST["text"])
        return redirect("/")
