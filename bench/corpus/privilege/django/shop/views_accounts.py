from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import authenticate, get_user_model, login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Group, Permission
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from .forms_accounts import ProfileForm

User = get_user_model()


@require_POST
def sign_in(request):  # expect: PW656, PW657
    if not User.objects.filter(username=request.POST["username"]).exists():
        messages.error(request, "We do not know that username")
        return render(request, "login.html")
    user = authenticate(request, username=request.POST["username"], password=request.POST["password"])
    if user is None:
        messages.error(request, "That password is not right")
        return render(request, "login.html")
    login(request, user)
    return redirect("/")


@require_POST
@ratelimit(key="post:username", rate="5/m", block=True)
def sign_in_v2(request):  # safe: PW656, PW657
    user = authenticate(request, username=request.POST["username"], password=request.POST["password"])
    if user is None:
        messages.error(request, "Invalid username or password")
        return render(request, "login.html")
    login(request, user)
    return redirect("/")


@require_POST
def password_reset_request(request):  # expect: PW656
    try:
        user = User.objects.get(email=request.POST["email"])
    except User.DoesNotExist:
        return render(request, "reset.html", {"error": "No user is registered with this address"})
    send_reset_mail(user)
    return render(request, "reset.html", {"message": "We sent you a link"})


@require_POST
def password_reset_request_v2(request):  # safe: PW656
    for user in User.objects.filter(email=request.POST["email"], is_active=True):
        send_reset_mail(user)
    return render(request, "reset.html", {"message": "If the address is registered, we sent a link"})


@require_POST
def quick_register(request):
    user = User.objects.create(**request.POST.dict())  # expect: PW652
    login(request, user)
    return redirect("/")


@require_POST
def quick_register_v2(request):
    form = ProfileForm(request.POST)
    if form.is_valid():
        user = User.objects.create_user(form.cleaned_data["username"], password=form.cleaned_data["password"])  # safe: PW652
        login(request, user)
    return redirect("/")


@require_POST
@login_required
def invite_teammate(request):
    User.objects.create_user(request.POST["username"], email=request.POST["email"], is_superuser=True)  # expect: PW654
    return redirect("/team/")


@staff_member_required
def grant_support(request, pk):
    user = get_object_or_404(User, pk=pk)
    user.user_permissions.set(Permission.objects.all())  # expect: PW654
    return redirect("/staff/")


@staff_member_required
def grant_support_v2(request, pk):
    user = get_object_or_404(User, pk=pk)
    user.groups.add(Group.objects.get(name="support"))  # safe: PW654
    return redirect("/staff/")


@staff_member_required
def promote(request, pk):
    user = get_object_or_404(User, pk=pk)
    user.is_staff = request.POST.get("is_staff") == "on"  # safe: PW652
    user.save()
    return redirect("/staff/")


def send_reset_mail(user):
    user.email_user("Password reset", "Follow the link to choose a new password.")


@staff_member_required
def make_superuser(request, pk):
    if not request.user.is_superuser:
        return redirect("/staff/")
    user = get_object_or_404(User, pk=pk)
    user.is_superuser = True  # safe: PW654
    user.save()
    return redirect("/staff/")
