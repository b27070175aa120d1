from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .choices import Role, UnitKind
from .extensions import unit_filters
from .models import Unit
from .widgets import UnitField

OTP_BAD_CODE = _("验证码不正确或已过期，请输入验证器上当前显示的 6 位数字。")
OTP_FORMAT = _("请输入 6 位数字验证码。")


class BootstrapMixin:
    """Bootstrap classes on every widget, so that templates stay a plain loop over fields."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # labels stand above their fields; no colon
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            w = f.widget
            if isinstance(w, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)):
                w.attrs.setdefault("class", "form-check-input")
            elif isinstance(w, forms.Select):
                w.attrs.setdefault("class", "form-select")
            else:
                w.attrs.setdefault("class", "form-control")


class LoginForm(BootstrapMixin, AuthenticationForm):
    """Django's form: it hands the request to authenticate(), which django-axes needs."""

    error_messages = {
        "invalid_login": _("账号或密码不正确。连续 5 次错误，账号将被锁定 30 分钟。"),
        "inactive": _("该账号已停用。"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("账号")
        self.fields["password"].label = _("密码")
        self.fields["username"].widget.attrs.update(placeholder=_("请输入账号"), autofocus=True)
        self.fields["password"].widget.attrs.update(placeholder=_("请输入密码"))


class OtpTokenForm(BootstrapMixin, forms.Form):
    token = forms.CharField(label=_("验证码"), max_length=6, min_length=6,
                            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code",
                                                          "pattern": "[0-9]{6}", "autofocus": True}))

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not token.isdigit() or len(token) != 6:
            raise ValidationError(OTP_FORMAT)
        return token


def unit_choices_field(units, *, required=True, label=_("上级单位")):
    """The shared unit chooser (fazhi.org.widgets): only the chosen unit is rendered."""
    return UnitField(queryset=units, required=required, label=label)


class UnitForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("单位名称"), max_length=100)
    short_name = forms.CharField(label=_("简称"), max_length=40, required=False)
    kind = forms.ChoiceField(label=_("单位类别"), choices=UnitKind.choices)
    order = forms.IntegerField(label=_("排序"), min_value=0, initial=0, required=False,
                               help_text=_("同级单位按此数字从小到大排列。"))

    def __init__(self, *args, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"] = unit_choices_field(parents if parents is not None else Unit.objects.none())
        self.order_fields(["parent", "name", "short_name", "kind", "order"])


class UnitEditForm(UnitForm):
    is_active = forms.BooleanField(label=_("有效"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].required = False


class UnitFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("搜索"), required=False,
                        widget=forms.TextInput(attrs={"placeholder": _("单位名称或简称"), "type": "search"}))
    kind = forms.ChoiceField(label=_("单位类别"), required=False, choices=[("", _("全部类别"))] + UnitKind.choices)
    sort = forms.ChoiceField(label=_("排序"), required=False, choices=[
        ("", _("按层级")), ("name", _("按名称")), ("kind", _("按类别")),
    ])

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["under"] = unit_choices_field(units if units is not None else Unit.objects.none(),
                                                  required=False, label=_("单位（含下级）"))
        self.fields["under"].empty_label = _("全部单位")
        # Filters other apps add to the unit lists (e.g. the current grade), without org importing them.
        self.extension_names = []
        for spec in unit_filters():
            self.fields[spec.name] = forms.ChoiceField(label=spec.label, required=False,
                                                       choices=[("", _("全部"))] + list(spec.choices()),
                                                       widget=forms.Select(attrs={"class": "form-select"}))
            self.extension_names.append(spec.name)

    def extension_fields(self):
        return [self[name] for name in self.extension_names]


class PersonFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("搜索"), required=False,
                        widget=forms.TextInput(attrs={"placeholder": _("姓名、账号或电话"), "type": "search"}))
    role = forms.ChoiceField(label=_("角色"), required=False, choices=[("", _("全部角色"))] + Role.choices)
    sort = forms.ChoiceField(label=_("排序"), required=False, choices=[
        ("", _("按单位")), ("name", _("按姓名")), ("username", _("按账号")),
    ])

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = unit_choices_field(units if units is not None else Unit.objects.none(),
                                                 required=False, label=_("单位（含下级）"))
        self.fields["unit"].empty_label = _("全部单位")
        self.order_fields(["q", "unit", "role", "sort"])


class PersonForm(BootstrapMixin, forms.Form):
    username = forms.CharField(label=_("账号"), max_length=150)
    name = forms.CharField(label=_("姓名"), max_length=50)
    title = forms.CharField(label=_("职务"), max_length=50, required=False)
    phone = forms.CharField(label=_("电话"), max_length=30, required=False)
    password = forms.CharField(label=_("初始密码"), required=False, widget=forms.PasswordInput(render_value=False),
                               help_text=_("至少 8 位，包含大写字母、小写字母、数字和符号中的至少三类。不填则账号暂不能登录。"))
    roles = forms.MultipleChoiceField(label=_("角色"), required=False, choices=Role.choices,
                                      widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = units if units is not None else Unit.objects.none()
        self.fields["unit"] = unit_choices_field(units, label=_("所在单位"))
        self.fields["grant_unit"] = unit_choices_field(units, required=False, label=_("授权单位"))
        self.fields["grant_unit"].help_text = _("角色作用的单位（含全部下级单位）；不选则为所在单位。")
        self.order_fields(["username", "name", "unit", "title", "phone", "password", "roles", "grant_unit"])


class GrantForm(BootstrapMixin, forms.Form):
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = unit_choices_field(units if units is not None else Unit.objects.none(), label=_("授权单位"))


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("Excel 文件"), help_text=_("请使用导入模板（.xlsx）。"))
    valid_only = forms.BooleanField(label=_("只导入有效行"), required=False,
                                    help_text=_("不勾选时，任何一行有误则整个文件都不导入。"))


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's ValidationError shown on the form: on the field it names, else on top."""
    if hasattr(error, "error_dict"):
        for key, errors in error.message_dict.items():
            form.add_error(key if key in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
