from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse_lazy


class LoginView(auth_views.LoginView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("password_change_done")


@login_required
def unit_list(request):
    return render(request, "base.html")


@login_required
def person_list(request):
    return render(request, "base.html")
