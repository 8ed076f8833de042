"""The 审计 (auditor) group: may export archives and read the news content.
Created here so a fresh site has it; existing groups of that name are kept
and given the permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

AUDITOR_GROUP = "审计"
PERMISSIONS = [
    ("archive", "export_archive"),
    ("archive", "view_exportrecord"),
    ("news", "view_article"),
    ("news", "view_column"),
    ("news", "view_sitesettings"),
]


def auditor_group_create(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now.
    for label in ("archive", "news"):
        config = apps.get_app_config(label)
        models_module = getattr(config, "models_module", None)
        config.models_module = models_module or True  # what create_permissions checks for
        create_permissions(config, verbosity=0, apps=apps)
        config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=AUDITOR_GROUP)
    for app_label, codename in PERMISSIONS:
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def auditor_group_remove_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=AUDITOR_GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(codename="export_archive", content_type__app_label="archive")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0001_initial"),
        ("news", "0008_attachment_permissions_for_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    # It grants news.view_sitesettings, the name before SiteSettings became
    # Site: a later archive migration needing Site must not pull it after.
    run_before = [("news", "0019_sites")]

    operations = [migrations.RunPython(auditor_group_create, auditor_group_remove_permissions)]
