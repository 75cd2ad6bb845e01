"""Password rules of a classified-protection level-3 system (等保三级)."""

import re
from pathlib import Path

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CLASSES = (
    (re.compile(r"[a-z]"), "小写字母"),
    (re.compile(r"[A-Z]"), "大写字母"),
    (re.compile(r"[0-9]"), "数字"),
    (re.compile(r"[^a-zA-Z0-9]"), "符号"),
)


class LengthValidator:
    """At least `min_length` characters (Django's own message is not translated to Chinese)."""

    def __init__(self, min_length: int = 8):
        self.min_length = min_length

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                _("密码至少需要%(n)d个字符。") % {"n": self.min_length}, code="password_too_short"
            )

    def get_help_text(self):
        return _("至少%(n)d个字符。") % {"n": self.min_length}


class CharacterClassValidator:
    """At least three of: lower-case, upper-case, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        found = sum(1 for pattern, _label in CLASSES if pattern.search(password))
        if found < self.min_classes:
            raise ValidationError(
                _("密码须包含大写字母、小写字母、数字、符号中的至少%(n)d种。")
                % {"n": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self):
        return _("至少包含大写字母、小写字母、数字、符号中的三种。")


class NotEmployeeNumberValidator:
    """The password may not contain the sign-in name (工号) or the phone number."""

    def validate(self, password, user=None):
        if user is None:
            return
        lowered = password.lower()
        for value in (getattr(user, "employee_no", ""), getattr(user, "phone", "")):
            if value and len(value) >= 4 and value.lower() in lowered:
                raise ValidationError(
                    _("密码不能包含工号或手机号。"), code="password_contains_identity"
                )

    def get_help_text(self):
        return _("不能包含工号或手机号。")


class ChineseCommonPasswordValidator(CommonPasswordValidator):
    """Django's list of common passwords, plus those common on Chinese enterprise systems."""

    EXTRA_LIST = Path(__file__).with_name("common_passwords_zh.txt")

    def __init__(self, password_list_path=CommonPasswordValidator.DEFAULT_PASSWORD_LIST_PATH):
        super().__init__(password_list_path)
        extra = self.EXTRA_LIST.read_text(encoding="utf-8").splitlines()
        self.passwords = self.passwords | {
            line.strip().lower() for line in extra if line.strip() and not line.startswith("#")
        }

    def validate(self, password, user=None):
        if password.lower().strip() in self.passwords:
            raise ValidationError(
                _("这是常见密码，容易被猜中，请换一个。"), code="password_too_common"
            )
