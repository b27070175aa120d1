"""Password rule of the security baseline: at least three of four character classes."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PASSWORD_CLASSES_MESSAGE = _("密码须包含大写字母、小写字母、数字和符号中的至少三类。")


class CharacterClassValidator:
    """Refuses passwords that use fewer than three character classes."""

    patterns = (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^a-zA-Z0-9]")

    def validate(self, password, user=None):
        if sum(1 for p in self.patterns if re.search(p, password)) < 3:
            raise ValidationError(PASSWORD_CLASSES_MESSAGE, code="password_classes")

    def get_help_text(self):
        return PASSWORD_CLASSES_MESSAGE


PASSWORD_TOO_SHORT = _("密码太短，至少需要 {min_length} 个字符。")


class MinimumLengthValidator:
    """At least min_length characters, with a message of our own: Django 5.2 reworded its
    message and the Chinese catalogue it ships lags behind."""

    def __init__(self, min_length: int = 8):
        self.min_length = min_length

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(str(PASSWORD_TOO_SHORT).format(min_length=self.min_length), code="password_too_short")

    def get_help_text(self):
        return str(PASSWORD_TOO_SHORT).format(min_length=self.min_length)
