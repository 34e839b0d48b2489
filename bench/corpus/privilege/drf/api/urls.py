from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("projects", views.ProjectViewSet, basename="project")
router.register("tasks", views.TaskViewSet)
router.register("tags", views.TagViewSet)

urlpatterns = [
    path("", include(router.urls)),
    path("tasks/new/", views.TaskCreate.as_view()),
    path("tasks/<int:pk>/complete/", views.CompleteTask.as_view()),
    path("tasks/<int:pk>/reopen/", views.ReopenTask.as_view()),
    path("projects/<int:pk>/archive/", views.archive_project),
]

from rest_framework.authtoken.views import obtain_auth_token
from rest_framework_simplejwt.views import TokenObtainPairView

urlpatterns += [
    path("api-token-auth/", obtain_auth_token),  # expect: PW657
    path("api/jwt/", TokenObtainPairView.as_view()),  # expect: PW657
]
