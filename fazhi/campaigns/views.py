from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def home(request):
    return render(request, "base.html")


@login_required
def campaign_list(request):
    return render(request, "base.html")


@login_required
def assignment_list(request):
    return render(request, "base.html")
