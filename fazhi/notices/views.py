"""The inbox: every message of the signed-in person, from every app; and the ladder's settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .forms import LadderSettingsForm
from .models import Notification
from .selectors import ladder_settings_get, notifications_for


@login_required
def inbox(request):
    if request.method == "POST":
        services.notifications_read(actor=request.user)
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
        services.notifications_read(actor=request.user, pk=note.pk)
    if note.link and url_has_allowed_host_and_scheme(note.link, allowed_hosts={request.get_host()}):
        return redirect(note.link)
    return redirect("notices:inbox")


@login_required
def ladder_settings(request):
    """The 督办规则: everyone signed in reads the numbers they are chased by; the office of a
    top-level unit changes them (the service checks it; the page says so before any form error)."""
    current = ladder_settings_get()
    can_edit = services.can_set_ladder(request.user)
    initial = {"blue_days": current.blue_days, "yellow_stale_days": current.yellow_stale_days,
               "escalate_days": current.escalate_days, "send_email": current.send_email,
               "reminder_ladder": ",".join(str(n) for n in current.reminder_ladder or [])}
    posted = request.method == "POST"
    if posted and not can_edit:
        return render(request, "core/forbidden.html", {"reason": services.NOT_TOP_OFFICE}, status=403)
    form = LadderSettingsForm(request.POST if posted else None, initial=initial, readonly=not can_edit)
    if posted and form.is_valid():
        try:
            services.ladder_settings_update(actor=request.user, **form.cleaned_data)
        except PermissionDenied as denied:
            return render(request, "core/forbidden.html", {"reason": str(denied)}, status=403)
        messages.success(request, _("督办规则已保存。"))
        return redirect("notices:ladder_settings")
    return render(request, "notices/ladder_settings.html", {"form": form, "can_edit": can_edit},
                  status=400 if form.errors else 200)
