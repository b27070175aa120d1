"""System checks of the deployment's secrets, and the guard that keeps the WSGI application
from starting without them.

FAZHI_SECRET_KEY signs sessions and tokens; FAZHI_FIELD_KEY encrypts reporters' identities and
is never derived from the secret key. Production must set both: `manage.py check --deploy`
reports each missing one as an error, and `require_secrets()` (called by fazhi.wsgi, so by
gunicorn, `fazhi serve` and `runserver` alike) refuses to start unless FAZHI_DEBUG is on.
`fazhi demo` sets fixed demo keys of its own.
"""

from __future__ import annotations

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _


def missing_secrets() -> list[str]:
    """The environment variables production needs and this process lacks."""
    missing = []
    if not settings.FAZHI_SECRET_KEY_SET:
        missing.append("FAZHI_SECRET_KEY")
    if not settings.FAZHI_FIELD_KEYS:
        missing.append("FAZHI_FIELD_KEY")
    return missing


def missing_secrets_message(missing: list[str]) -> str:
    return _("生产环境必须设置环境变量：{names}（见 README 的配置说明）。").format(names="、".join(missing))


def require_secrets() -> None:
    """Raise ImproperlyConfigured when production secrets are missing (development: FAZHI_DEBUG=1)."""
    if settings.DEBUG:
        return
    missing = missing_secrets()
    if missing:
        raise ImproperlyConfigured(missing_secrets_message(missing))


@register(Tags.security, deploy=True)
def check_secrets(app_configs, **kwargs):
    return [Error(missing_secrets_message([name]), id=f"fazhi.E00{n}")
            for n, name in ((1, "FAZHI_SECRET_KEY"), (2, "FAZHI_FIELD_KEY")) if name in missing_secrets()]


@register(Tags.security)
def check_field_keys(app_configs, **kwargs):
    errors = []
    for n, key in enumerate(settings.FAZHI_FIELD_KEYS, start=1):
        try:
            Fernet(key.encode())
        except ValueError:
            errors.append(Error(_("FAZHI_FIELD_KEY 中第 {n} 个密钥不是有效的 Fernet 密钥（32 字节的 URL 安全 Base64）。").format(n=n),
                                id="fazhi.E003"))
    return errors
