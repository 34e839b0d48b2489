# PW650: AllowAny on views that write, next to look-alikes that are read-only or public by purpose.
from rest_framework import generics, permissions, status, viewsets
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import Note, Topic
from .serializers import NoteSerializer, TopicSerializer


class OpenNoteViewSet(viewsets.ModelViewSet):  # expect: PW650
    queryset = Note.objects.all()
    serializer_class = NoteSerializer
    permission_classes = [AllowAny]


class TopicCreate(generics.CreateAPIView):  # expect: PW650
    serializer_class = TopicSerializer
    permission_classes = (permissions.AllowAny,)


class TopicPurge(APIView):  # expect: PW650
    permission_classes = [AllowAny]

    def delete(self, request):
        Topic.objects.all().delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


@api_view(["POST"])
@permission_classes([AllowAny])
def bump_topic(request, pk):  # expect: PW650
    Topic.objects.filter(pk=pk).update(name=request.data["name"])
    return Response(status=status.HTTP_204_NO_CONTENT)


class TopicCatalogue(viewsets.ReadOnlyModelViewSet):  # safe: PW650
    queryset = Topic.objects.all()
    serializer_class = TopicSerializer
    permission_classes = [AllowAny]


class TopicBrowse(viewsets.ModelViewSet):  # safe: PW650
    queryset = Topic.objects.all()
    serializer_class = TopicSerializer
    permission_classes = [AllowAny]
    http_method_names = ["get", "head", "options"]


class TopicStatus(APIView):  # safe: PW650
    permission_classes = [AllowAny]

    def get(self, request):
        return Response({"topics": Topic.objects.count()})


class SignupView(generics.CreateAPIView):  # safe: PW650
    serializer_class = TopicSerializer
    permission_classes = [AllowAny]
