"""The 蒙古文版 in the article and 修订稿 admin: its fieldset (the Mongolian
inputs marked lang="mn-Mong", the body in the same editor as the Chinese),
shown only where a site has its 蒙古文版 open; the list's 蒙古文版 column and
filter; the 蒙古文预览 address, on the article's own site."""

from django import forms
from django.contrib import admin
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html
from django_ckeditor_5.widgets import CKEditor5Widget

from ..editorial.permissions import site_ids_for
from ..language import HTML_LANG, MONGOLIAN, MONGOLIAN_PREFIX
from ..models import Site
from ..models.mongolian import MONGOLIAN_FIELD_NAMES
from ..public.sites import request_site_key, site_path

MONGOLIAN_LANG = HTML_LANG[MONGOLIAN]
MONGOLIAN_FIELDSET = (
    "蒙古文版",
    {
        "fields": MONGOLIAN_FIELD_NAMES,
        "description": "蒙古文版在网站的 /mn/ 页面上显示。标题和正文都填写后文章才在蒙古文版出现;"
        "译文未经翻译人员提供或审校时,请勾选“蒙古文为占位稿”。",
    },
)
MONGOLIAN_WIDGETS = {
    "title_mn": forms.TextInput(attrs={"lang": MONGOLIAN_LANG, "class": "vTextField mongolian-input"}),
    "summary_mn": forms.Textarea(attrs={"lang": MONGOLIAN_LANG, "class": "mongolian-input", "rows": 3}),
    "body_mn": CKEditor5Widget(config_name="article_mn", attrs={"lang": MONGOLIAN_LANG}),
    "source_mn": forms.TextInput(attrs={"lang": MONGOLIAN_LANG, "class": "vTextField mongolian-input"}),
    "author_mn": forms.TextInput(attrs={"lang": MONGOLIAN_LANG, "class": "vTextField mongolian-input"}),
}
PLACEHOLDER_WARNING = (
    "这篇文章的蒙古文为占位稿,不是正式译文:请苏木镇的翻译人员提供译文,替换后取消勾选“蒙古文为占位稿”。"
)


def mongolian_shown(request, article=None):
    """Whether the form offers the 蒙古文版: on the article's site when that
    site has one open; for a new article, when any site the user works on does.
    Elsewhere the fields are left out of the form (stored text is kept)."""
    if article is not None and article.column_id is not None:
        return article.column.site.mongolian_enabled
    sites = Site.objects.filter(mongolian_enabled=True)
    ids = site_ids_for(request.user)
    return (sites if ids is None else sites.filter(pk__in=ids)).exists()


def fieldsets_with_mongolian(fieldsets, shown):
    """`fieldsets` with the 蒙古文版 fieldset after the first one, or without it."""
    fieldsets = [fieldset for fieldset in fieldsets if fieldset[0] != MONGOLIAN_FIELDSET[0]]
    if shown:
        fieldsets.insert(1, MONGOLIAN_FIELDSET)
    return fieldsets


def mongolian_preview_url(request, article):
    """The staff preview under /mn/, on the article's own site: the request's
    site's script prefix when it is that site, else its /site/<key>/ prefix."""
    prefix = get_script_prefix()
    path = reverse("news:article_preview", args=[article.pk])[len(prefix) - 1 :]
    key = article.column.site.key
    if request_site_key(request) == key:
        return f"{prefix.rstrip('/')}{MONGOLIAN_PREFIX}{path}"
    site_prefix = getattr(request, "site_prefix", "")
    root = prefix.rstrip("/")
    if site_prefix and root.endswith(site_prefix):
        root = root[: -len(site_prefix)]
    return f"{root}{site_path(key)}{MONGOLIAN_PREFIX}{path}"


class MongolianStateFilter(admin.SimpleListFilter):
    title = "蒙古文版"
    parameter_name = "mongolian"

    def lookups(self, request, model_admin):
        return [("yes", "有"), ("placeholder", "占位稿"), ("no", "无")]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "yes":
            return queryset.filter(has_mongolian=True, mongolian_placeholder=False)
        if value == "placeholder":
            return queryset.filter(has_mongolian=True, mongolian_placeholder=True)
        if value == "no":
            return queryset.filter(has_mongolian=False)
        return queryset


@admin.display(description="蒙古文版", ordering="has_mongolian")
def mongolian_state(obj):
    if not obj.has_mongolian:
        return "无"
    if obj.mongolian_placeholder:
        return format_html('<span class="mongolian-placeholder" title="{}">占位稿</span>', PLACEHOLDER_WARNING)
    return "有"


class MongolianInputsAdmin(admin.ModelAdmin):
    """Mixed into the column and site admins: their *_mn inputs are marked
    lang="mn-Mong" (the browser picks a Mongolian font and input method)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and db_field.name.endswith("_mn"):
            formfield.widget.attrs["lang"] = MONGOLIAN_LANG
        return formfield
