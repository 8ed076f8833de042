"""Password rules for staff accounts, beyond Django's built-in validators."""

import string

from django.core.exceptions import ValidationError

CLASSES = {
    "lowercase": ("小写字母", lambda c: c in string.ascii_lowercase),
    "uppercase": ("大写字母", lambda c: c in string.ascii_uppercase),
    "digit": ("数字", lambda c: c.isdigit()),
    "symbol": ("符号或汉字", lambda c: not c.isspace() and not c.isascii() or c in string.punctuation),
}


class CharacterClassesValidator:
    """At least `min_classes` of: lowercase, uppercase, digits, symbols (any
    other non-space character, Chinese included, counts as a symbol)."""

    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def classes_in(self, password):
        return {name for name, (_, test) in CLASSES.items() if any(test(c) for c in password)}

    def validate(self, password, user=None):
        if len(self.classes_in(password)) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        labels = "、".join(label for label, _ in CLASSES.values())
        return f"密码必须包含{labels}中的至少 {self.min_classes} 类。"
