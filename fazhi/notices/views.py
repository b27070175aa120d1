"""The inbox: every message of the signed-in person, from every app."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .models import Notification
from .selectors import notifications_for


@login_required
def inbox(request):
    if request.method == "POST":
        Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(read_at=timezone.now())
        return redirect("notices:inbox")
    page = Paginator(notifications_for(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "notices/inbox.html", {"page": page})


@login_required
@require_POST
def open_one(request, pk):
    """Mark one message read and follow its link."""
    note = Notification.objects.filter(recipient=request.user, pk=pk).first()
    if note is None:
        return redirect("notices:inbox")
    if note.read_at is None:
        Notification.objects.filter(pk=note.pk).update(read_at=timezone.now())
    if note.link and url_has_allowed_host_and_scheme(note.link, allowed_hosts={request.get_host()}):
        return redirect(note.link)
    return redirect("notices:inbox")
