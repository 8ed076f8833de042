from django import template

from ..media.html import images_without_alt as _images_without_alt

register = template.Library()


@register.filter
def images_without_alt(body):
    """(position, file name) of each image in `body` without 图片说明."""
    return _images_without_alt(body)
