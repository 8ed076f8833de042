"""Attachments came after the staff groups: editors and reviewers may add,
change and remove an article's attachments, auditors may see them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_PERMISSIONS = {
    "编辑": ["news.view_attachment", "news.add_attachment", "news.change_attachment", "news.delete_attachment"],
    "审核": ["news.view_attachment", "news.add_attachment", "news.change_attachment", "news.delete_attachment"],
    "审计": ["news.view_attachment"],
}


def grant(apps, schema_editor):
    news = apps.get_app_config("news")
    news.models_module = True
    create_permissions(news, apps=apps, verbosity=0)
    news.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, codes in GROUP_PERMISSIONS.items():
        for group in Group.objects.filter(name=name):
            group.permissions.remove(*group.permissions.filter(codename__in=[c.split(".")[1] for c in codes]))


class Migration(migrations.Migration):
    dependencies = [("news", "0007_cover_photo_validators")]

    operations = [migrations.RunPython(grant, revoke)]
