"""Accounts (login with an optional TOTP second step, password change, TOTP enrolment) and
the pages of units and people, with their Excel import and export.

Views are thin: the reads below are scoped through `visible_units` / `visible_to`, with their
joins done once so that a page costs a fixed number of queries; every write is a service.
"""

from __future__ import annotations

import base64
import time

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from fazhi.audit.services import audit_record
from fazhi.core.excel import workbook_response

from . import excel, services
from .access import page_for_roles
from .choices import Role
from .extensions import unit_column_labels, unit_columns
from .forms import (BootstrapMixin, GrantForm, ImportForm, LoginForm, OTP_BAD_CODE, OtpTokenForm, PersonFilterForm,
                    PersonForm, UnitEditForm, UnitFilterForm, UnitForm, add_service_errors)
from .models import Grant, Person
from .scoping import access, subtree_q, visible_units
from .selectors import is_office, office_units, person_list, unit_list

PAGE_SIZE = 25
OFFICE = [Role.OFFICE]
OTP_PENDING = "fazhi_otp_pending"
OTP_PENDING_SECONDS = 300
OTP_MAX_TRIES = 5

OTP_EXPIRED = gettext_lazy("验证已超时或尝试次数过多，请重新登录。")
OTP_ENROLLED = gettext_lazy("已启用两步验证。今后登录时，输入密码后还需输入验证器上的验证码。")
OTP_REMOVED = gettext_lazy("已停用两步验证。")
NO_OFFICE_GRANT = gettext_lazy("只有领导小组办公室可以管理单位和人员。")


def forbidden(request, reason) -> object:
    return render(request, "core/forbidden.html", {"reason": reason}, status=403)


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


# --- login, second factor, password ------------------------------------------------------------

class LoginView(auth_views.LoginView):
    """Password first; a user with a confirmed TOTP device is then asked for the code."""

    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
        if device is None:
            return super().form_valid(form)
        # Not logged in yet: only the fact that the password was right is kept, for a few minutes.
        self.request.session[OTP_PENDING] = {
            "user": user.pk, "backend": user.backend, "device": device.persistent_id,
            "at": time.time(), "tries": 0, "next": self.get_success_url(),
        }
        return redirect("org:login_otp")


def login_otp(request):
    pending = request.session.get(OTP_PENDING)
    if not pending or time.time() - pending["at"] > OTP_PENDING_SECONDS or pending["tries"] >= OTP_MAX_TRIES:
        request.session.pop(OTP_PENDING, None)
        messages.error(request, OTP_EXPIRED)
        return redirect("login")
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = TOTPDevice.objects.filter(pk=pending["device"].rsplit("/", 1)[-1], user_id=pending["user"],
                                           confirmed=True).first()
        if device is not None and device.verify_is_allowed()[0] and device.verify_token(form.cleaned_data["token"]):
            user = get_user_model().objects.get(pk=pending["user"])
            del request.session[OTP_PENDING]
            auth_login(request, user, backend=pending["backend"])
            otp_login(request, device)
            return redirect(pending["next"])
        pending["tries"] += 1
        request.session[OTP_PENDING] = pending
        form.add_error("token", OTP_BAD_CODE)
    return render(request, "registration/login_otp.html", {"form": form})


class StyledPasswordChangeForm(BootstrapMixin, PasswordChangeForm):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = StyledPasswordChangeForm
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            # Never the password itself: only that it changed, by whom, from where.
            audit_record(actor=self.request.user, action="user.password_change", obj=self.request.user,
                         unit=getattr(getattr(self.request.user, "person", None), "unit", None))
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_change_done.html"


def _qr_svg(uri: str) -> str | None:
    try:
        import qrcode
        import qrcode.image.svg
    except ImportError:  # the secret as text is enough to enrol; the picture is a convenience
        return None
    img = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return img.to_string(encoding="unicode")


@login_required
def totp_setup(request):
    """Enrol a TOTP authenticator (otpauth URI, secret, QR code), confirm it with a code, or remove it."""
    user = request.user
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    form = OtpTokenForm(request.POST or None)
    if confirmed is not None:
        if request.method == "POST" and form.is_valid():
            if confirmed.verify_token(form.cleaned_data["token"]):
                with transaction.atomic():
                    audit_record(actor=user, action="otp.remove", obj=user, unit=getattr(getattr(user, "person", None), "unit", None))
                    TOTPDevice.objects.filter(user=user).delete()
                messages.success(request, OTP_REMOVED)
                return redirect("org:totp")
            form.add_error("token", OTP_BAD_CODE)
        return render(request, "org/totp.html", {"device": confirmed, "form": form, "enrolled": True})

    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("验证器"), confirmed=False)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                audit_record(actor=user, action="otp.enrol", obj=user, unit=getattr(getattr(user, "person", None), "unit", None))
            otp_login(request, device)
            messages.success(request, OTP_ENROLLED)
            return redirect("org:totp")
        form.add_error("token", OTP_BAD_CODE)
    secret = base64.b32encode(device.bin_key).decode()
    return render(request, "org/totp.html", {
        "device": device, "form": form, "enrolled": False, "uri": device.config_url,
        "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)), "qr": _qr_svg(device.config_url),
    })


# --- units ------------------------------------------------------------------------------------

@login_required
def units(request):
    filters = UnitFilterForm(request.GET or None, units=visible_units(request.user))
    data = filters.cleaned_data if filters.is_valid() else {}
    qs = unit_list(actor=request.user, filters=data)
    if request.GET.get("export") == "xlsx":
        return workbook_response(excel.units_export(actor=request.user, units=qs), _("单位名录.xlsx"))
    page = _page(request, qs)
    top = min((u.depth for u in page), default=0)
    # A list filtered by another app's attribute (e.g. the current grade) is no longer a tree: no indent.
    flat = data.get("sort") or any(data.get(k) for k in filters.extension_names)
    rows = [{"unit": u, "indent": (u.depth - top) if not flat else 0, "columns": unit_columns(u)} for u in page]
    return render(request, "org/unit_list.html", {
        "filters": filters, "page": page, "rows": rows, "can_manage": is_office(request.user),
        "column_labels": unit_column_labels(),
        "filtered": any(data.get(k) for k in ("q", "kind", "under", *filters.extension_names)),
    })


@login_required
def unit_create(request):
    parents = office_units(request.user)
    if not is_office(request.user):
        return forbidden(request, NO_OFFICE_GRANT)
    form = UnitForm(request.POST or None, parents=parents, initial={"parent": request.GET.get("parent")})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            unit = services.unit_create(actor=request.user, name=d["name"], kind=d["kind"], parent=d["parent"],
                                        short_name=d["short_name"], order=d["order"] or 0)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("已新建单位“{name}”。").format(name=unit.name))
            return redirect("org:units")
    return render(request, "org/unit_form.html", {"form": form, "creating": True})


@login_required
def unit_edit(request, pk):
    unit = access(office_units(request.user).select_related("parent"), pk)
    parents = office_units(request.user).exclude(subtree_q(unit.path, "path"))
    form = UnitEditForm(request.POST or None, parents=parents, initial={
        "name": unit.name, "short_name": unit.short_name, "kind": unit.kind, "order": unit.order,
        "is_active": unit.is_active, "parent": unit.parent_id,
    })
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            with transaction.atomic():
                services.unit_update(actor=request.user, unit=unit, name=d["name"], short_name=d["short_name"],
                                     kind=d["kind"], order=d["order"] or 0, is_active=d["is_active"])
                if d["parent"] is not None and d["parent"].pk != unit.parent_id:
                    services.unit_move(actor=request.user, unit=unit, parent=d["parent"])
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("已保存单位“{name}”。").format(name=unit.name))
            return redirect("org:units")
    return render(request, "org/unit_form.html", {"form": form, "unit": unit, "creating": False})


# --- people -------------------------------------------------------------------------------------

@page_for_roles("people")
def people(request):
    filters = PersonFilterForm(request.GET or None, units=visible_units(request.user))
    data = filters.cleaned_data if filters.is_valid() else {}
    qs = person_list(actor=request.user, filters=data)
    if request.GET.get("export") == "xlsx":
        return workbook_response(excel.people_export(actor=request.user, people=qs), _("人员名录.xlsx"))
    return render(request, "org/person_list.html", {
        "filters": filters, "page": _page(request, qs), "can_manage": is_office(request.user),
        "filtered": any(data.get(k) for k in ("q", "unit", "role")),
    })


@login_required
def person_create(request):
    if not is_office(request.user):
        return forbidden(request, NO_OFFICE_GRANT)
    form = PersonForm(request.POST or None, units=office_units(request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            with transaction.atomic():
                person = services.person_create(actor=request.user, unit=d["unit"], username=d["username"],
                                                name=d["name"], password=d["password"] or None,
                                                title=d["title"], phone=d["phone"])
                for role in d["roles"]:
                    services.grant_create(actor=request.user, person=person, role=role, unit=d["grant_unit"] or d["unit"])
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("已新建人员“{name}”。").format(name=person.name))
            return redirect("org:person", pk=person.pk)
    return render(request, "org/person_form.html", {"form": form})


@page_for_roles("people")
def person_detail(request, pk):
    person = access(person_list(actor=request.user, filters={}), pk)
    can_manage = is_office(request.user)
    form = GrantForm(request.POST or None, units=office_units(request.user)) if can_manage else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.grant_create(actor=request.user, person=person, role=form.cleaned_data["role"],
                                  unit=form.cleaned_data["unit"])
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("已授权。"))
            return redirect("org:person", pk=person.pk)
    return render(request, "org/person_detail.html", {"person": person, "form": form, "can_manage": can_manage})


@require_POST
@login_required
def grant_revoke(request, pk):
    grant = access(Grant.objects.filter(person__in=Person.objects.visible_to(request.user)).select_related("unit", "person"), pk)
    try:
        services.grant_revoke(actor=request.user, grant=grant)
    except (ValidationError, PermissionDenied) as e:
        messages.error(request, " ".join(getattr(e, "messages", [str(e)])))
    else:
        messages.success(request, _("已撤销授权。"))
    return redirect("org:person", pk=grant.person_id)


# --- Excel import ---------------------------------------------------------------------------------

IMPORTS = {
    "units": (excel.import_units, excel.unit_template, _("单位导入模板.xlsx"), gettext_lazy("导入单位"), "org:units"),
    "people": (excel.import_people, excel.person_template, _("人员导入模板.xlsx"), gettext_lazy("导入人员"), "org:people"),
}


@login_required
def import_template(request, what):
    _import, template, filename, _title, _back = IMPORTS[what]
    return workbook_response(template(), str(filename))


@login_required
def import_file(request, what):
    do_import, _template, _filename, title, back = IMPORTS[what]
    if not is_office(request.user):
        return forbidden(request, NO_OFFICE_GRANT)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = do_import(actor=request.user, upload=form.cleaned_data["file"],
                               valid_only=form.cleaned_data["valid_only"])
        except ValidationError as e:
            form.add_error("file", e.messages)
    return render(request, "org/import.html", {"form": form, "report": report, "what": what, "title": title,
                                               "back": reverse(back)})
