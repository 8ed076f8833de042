"""What an admin change page would post back unchanged: its form's and its
inlines' current values, so a test can change one thing and post the rest."""

from django.forms import MultiWidget
from django.forms.models import InlineForeignKeyField


def _value(bound):
    value = bound.value()
    if value is None or value is False:
        return None
    if value is True:
        return "on"
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value]
    return str(value)


def _form_values(form):
    data = {}
    for name, field in form.fields.items():
        if field.disabled or isinstance(field, InlineForeignKeyField):
            continue  # the inline's parent comes from the URL
        if isinstance(field.widget, MultiWidget):  # a date and a time
            parts = field.widget.decompress(form[name].value())
            data.update({f"{form.add_prefix(name)}_{i}": str(part) for i, part in enumerate(parts) if part is not None})
            continue
        value = _value(form[name])
        if value is not None:
            data[form.add_prefix(name)] = value
    return data


def page_form_data(page, **changes):
    """The POST data of the admin change (or add) page `page`, with `changes` (None removes a field)."""
    data = _form_values(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(name): management[name].value() for name in management.fields})
        for form in formset.initial_forms:
            data.update(_form_values(form))
    data["_save"] = "保存"
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data
