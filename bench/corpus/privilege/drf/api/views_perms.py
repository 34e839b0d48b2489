from django.contrib.auth import authenticate
from rest_framework import generics, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from .models import Project, Tag, Task
from .serializers import ProjectSerializer, TagSerializer, TaskSerializer
from .serializers_accounts import RegistrationSerializerV2


class PublicTaskViewSet(viewsets.ModelViewSet):  # expect: PW650
    queryset = Task.objects.all()
    serializer_class = TaskSerializer
    permission_classes = [AllowAny]


class PublicTagViewSet(viewsets.ReadOnlyModelViewSet):  # safe: PW650
    queryset = Tag.objects.all()
    serializer_class = TagSerializer
    permission_classes = [AllowAny]


class ProjectImport(generics.CreateAPIView):  # expect: PW650
    serializer_class = ProjectSerializer
    permission_classes = (AllowAny,)


class RegisterView(generics.CreateAPIView):  # safe: PW650
    serializer_class = RegistrationSerializerV2
    permission_classes = [AllowAny]


class TokenLoginView(APIView):  # safe: PW650
    permission_classes = [AllowAny]

    def post(self, request):  # expect: PW657
        user = authenticate(request, username=request.data.get("username"), password=request.data.get("password"))
        if user is None:
            return Response({"detail": "Invalid credentials"}, status=status.HTTP_400_BAD_REQUEST)
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class TokenLoginViewV2(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]

    def post(self, request):  # safe: PW657
        user = authenticate(request, username=request.data.get("username"), password=request.data.get("password"))
        if user is None:
            return Response({"detail": "Invalid credentials"}, status=status.HTTP_400_BAD_REQUEST)
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class TaskBulkCreate(APIView):
    permission_classes = [IsAuthenticated]

    def post(self, request):
        task = Task.objects.create(**request.data)  # expect: PW652
        return Response({"id": task.pk}, status=status.HTTP_201_CREATED)


class TaskBulkCreateV2(APIView):
    permission_classes = [IsAuthenticated]

    def post(self, request):
        serializer = TaskSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        task = serializer.save(created_by=request.user)  # safe: PW652
        return Response({"id": task.pk}, status=status.HTTP_201_CREATED)


class ProjectAdminView(APIView):
    permission_classes = [IsAuthenticated]

    def post(self, request, pk):
        project = Project.objects.get(pk=pk, owner=request.user)
        project.members.add(request.user)  # safe: PW654
        return Response(status=status.HTTP_204_NO_CONTENT)
