"""The 报送审核 group: the banner's reviewers of township submissions. A
group of its own rather than a right added to 审核: the townships' own
审核 staff must not decide on what appears on the banner's portal."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REVIEWER_GROUP = "报送审核"
PERMISSIONS = [
    ("submissions", "review_submission"),
    ("submissions", "view_submission"),
    ("news", "view_article"),
    ("news", "view_column"),
]


def reviewer_group_create(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now.
    for label in ("submissions", "news"):
        config = apps.get_app_config(label)
        models_module = getattr(config, "models_module", None)
        config.models_module = models_module or True  # what create_permissions checks for
        create_permissions(config, verbosity=0, apps=apps)
        config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=REVIEWER_GROUP)
    for app_label, codename in PERMISSIONS:
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def reviewer_group_remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=REVIEWER_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(reviewer_group_create, reviewer_group_remove)]
