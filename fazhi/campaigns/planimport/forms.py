"""Forms of the plan importer: the source (a file or pasted text) and the edited draft."""

from __future__ import annotations

import json

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core.files import FILE_TOO_LARGE
from fazhi.org.models import Unit
from fazhi.planparse import SCHEMA, Plan, PlanParseError, parse_bytes, parse_text

from . import messages as m


class PlanSourceForm(forms.Form):
    """A plan as a file (.docx, or text in any usual encoding) or as pasted text."""

    # Empty files reach the parser, whose message says what is wrong with them.
    file = forms.FileField(label=_("方案文件"), required=False, allow_empty_file=True,
                           help_text=_("Word（.docx）或文本文件（.txt，UTF-8、GB18030、UTF-16 等编码均可）。"))
    text = forms.CharField(label=_("或粘贴方案全文"), required=False, strip=False,
                           widget=forms.Textarea(attrs={"rows": 10, "placeholder": _("把方案全文粘贴在这里……")}))

    plan: Plan | None = None

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), data.get("text") or ""
        limit = settings.FAZHI_UPLOAD_MAX_BYTES
        if upload and text.strip():
            raise forms.ValidationError(m.SOURCE_BOTH)
        try:
            if upload:
                if upload.size > limit:
                    raise forms.ValidationError(str(FILE_TOO_LARGE).format(
                        name=upload.name, size_mb=upload.size / 1048576, limit_mb=limit // 1048576))
                self.plan = parse_bytes(upload.read(), filename=upload.name)
            elif text.strip():
                size = len(text.encode("utf-8"))
                if size > limit:
                    raise forms.ValidationError(str(m.TEXT_TOO_LARGE).format(size_mb=size / 1048576, limit_mb=limit // 1048576))
                self.plan = parse_text(text, source_name=None)
            else:
                raise forms.ValidationError(m.SOURCE_REQUIRED)
        except PlanParseError as exc:
            raise forms.ValidationError(gettext(exc.message))
        return data


def _load_plan(raw: str) -> dict:
    try:
        plan = json.loads(raw)
    except (TypeError, ValueError):
        raise forms.ValidationError(m.DRAFT_INVALID)
    if not isinstance(plan, dict) or plan.get("schema") != SCHEMA:
        raise forms.ValidationError(m.DRAFT_INVALID)
    return plan


class DraftForm(forms.Form):
    """The edited draft: header fields here, phases, quotas and outline in the JSON field."""

    issuer = forms.ModelChoiceField(label=_("发文单位"), queryset=Unit.objects.none(), empty_label=None,
                                    widget=forms.Select(attrs={"class": "form-select"}))
    title = forms.CharField(label=_("活动名称"), max_length=200)
    doc_number = forms.CharField(label=_("文号"), max_length=60, required=False)
    date = forms.DateField(label=_("成文日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100,
                              error_messages={"min_value": m.YEAR_INVALID, "max_value": m.YEAR_INVALID})
    draft = forms.CharField(widget=forms.HiddenInput, strip=False)

    def __init__(self, *args, issuers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = issuers

    def clean_draft(self):
        return _load_plan(self.cleaned_data["draft"])

    def raw_draft(self) -> dict | None:
        """The posted draft even when other fields are invalid, to show the page again."""
        try:
            return _load_plan(self.data.get("draft"))
        except forms.ValidationError:
            return None

    def plan(self) -> dict:
        plan = dict(self.cleaned_data["draft"])
        for key in ("title", "doc_number", "year"):
            plan[key] = self.cleaned_data[key]
        plan["date"] = self.cleaned_data["date"].isoformat() if self.cleaned_data["date"] else None
        return plan


class ReviseConfirmForm(forms.Form):
    """The revised plan as previewed, and the fingerprint of the tree the preview compared."""

    plan = forms.CharField(widget=forms.HiddenInput, strip=False)
    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def clean_plan(self):
        return _load_plan(self.cleaned_data["plan"])
