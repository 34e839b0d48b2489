# The project default is IsAuthenticated: every view below without permission_classes requires a signed-in caller.
from rest_framework import generics, viewsets
from rest_framework.permissions import IsAdminUser, IsAuthenticated

from .models import Document, Note
from .permissions import IsDocumentOwner
from .serializers import DocumentSerializer, NoteSerializer


class DocumentDetail(generics.RetrieveUpdateDestroyAPIView):  # safe: PW640  # expect: PW641
    queryset = Document.objects.all()
    serializer_class = DocumentSerializer


class MyDocumentDetail(generics.RetrieveUpdateDestroyAPIView):  # safe: PW640, PW641
    serializer_class = DocumentSerializer

    def get_queryset(self):
        return Document.objects.filter(owner=self.request.user)


class CheckedDocumentDetail(generics.RetrieveUpdateAPIView):  # safe: PW640, PW641
    queryset = Document.objects.all()
    serializer_class = DocumentSerializer
    permission_classes = [IsAuthenticated, IsDocumentOwner]


class AdminDocumentDetail(generics.RetrieveDestroyAPIView):  # safe: PW640, PW641
    queryset = Document.objects.all()
    serializer_class = DocumentSerializer
    permission_classes = [IsAdminUser]


class NoteViewSet(viewsets.ModelViewSet):  # safe: PW640  # expect: PW641
    queryset = Note.objects.all()
    serializer_class = NoteSerializer


class NoteList(generics.ListAPIView):  # safe: PW640, PW641
    queryset = Note.objects.all()
    serializer_class = NoteSerializer
