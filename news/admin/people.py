"""Who created or changed something, shown as a name. The admin would link a
read-only user field to the user's own page, which only 系统管理员 may open:
everyone else would follow it to a refusal."""

from ..editorial.people import person_name


def person_display(field_name, label):
    """A read-only admin field showing the user in `field_name` by name (张编辑), as plain text."""

    def display(self, obj):
        return person_name(getattr(obj, field_name, None), default="-")

    display.short_description = label
    display.__name__ = f"{field_name}_display"
    return display
