from rest_framework import generics, permissions, status, viewsets
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAdminUser, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import Project, Tag, Task
from .serializers import ProjectSerializer, TagSerializer, TaskSerializer


class IsOwner(permissions.BasePermission):
    def has_object_permission(self, request, view, obj):
        return obj.owner == request.user


class ProjectViewSet(viewsets.ModelViewSet):  # safe: PW640
    serializer_class = ProjectSerializer
    permission_classes = [IsAuthenticated, IsOwner]

    def get_queryset(self):
        return Project.objects.filter(owner=self.request.user)


class TaskViewSet(viewsets.ModelViewSet):  # expect: PW640
    queryset = Task.objects.all()
    serializer_class = TaskSerializer


class TagViewSet(viewsets.ReadOnlyModelViewSet):  # safe: PW640
    queryset = Tag.objects.all()
    serializer_class = TagSerializer


class TagAdminViewSet(viewsets.ModelViewSet):  # safe: PW640
    queryset = Tag.objects.all()
    serializer_class = TagSerializer
    permission_classes = (IsAdminUser,)


class TaskCreate(generics.CreateAPIView):  # expect: PW640
    serializer_class = TaskSerializer


class TaskList(generics.ListAPIView):  # safe: PW640
    queryset = Task.objects.all()
    serializer_class = TaskSerializer


class CompleteTask(APIView):  # safe: PW640
    permission_classes = [IsAuthenticated]

    def post(self, request, pk):
        task = Task.objects.get(pk=pk, created_by=request.user)  # safe: PW641
        task.done = True
        task.save()
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReopenTask(APIView):  # expect: PW640
    def post(self, request, pk):
        task = Task.objects.get(pk=pk)  # no sign-in at all: PW640, not PW641
        task.done = False
        task.save()
        return Response(status=status.HTTP_204_NO_CONTENT)


class RenameProject(APIView):  # safe: PW640
    def post(self, request, pk):
        if not request.user.is_authenticated:
            return Response(status=status.HTTP_401_UNAUTHORIZED)
        project = Project.objects.get(pk=pk)  # safe: PW641
        if project.owner != request.user:
            raise PermissionDenied("not yours")
        project.name = request.data["name"]
        project.save()
        return Response(status=status.HTTP_204_NO_CONTENT)


@api_view(["POST"])
def archive_project(request, pk):  # expect: PW640
    Project.objects.filter(pk=pk).delete()  # no sign-in at all: PW640, not PW641
    return Response(status=status.HTTP_204_NO_CONTENT)


@api_view(["DELETE"])
@permission_classes([IsAuthenticated])
def delete_project(request, pk):  # safe: PW640
    project = Project.objects.get(pk=request.query_params["id"])  # expect: PW641
    project.delete()
    return Response(status=status.HTTP_204_NO_CONTENT)


@api_view(["GET"])
@permission_classes([IsAuthenticated])
def project_summary(request, pk):
    project = request.user.projects.get(pk=pk)  # safe: PW641
    return Response({"name": project.name})


@api_view(["GET"])
def tag_count(request):
    return Response({"count": Tag.objects.count()})
