"""The 审计 group may read the site health report. The editorial workflow
creates the same group; get-or-create keeps both migrations independent."""

from django.db import migrations

AUDITORS = "审计"


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="health", model="linkcheckresult")
    permission, _ = Permission.objects.get_or_create(
        codename="view_site_health", content_type=content_type, defaults={"name": "可以查看网站体检报告"}
    )
    group, _ = Group.objects.get_or_create(name=AUDITORS)
    group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=AUDITORS):
        group.permissions.remove(
            *Permission.objects.filter(codename="view_site_health", content_type__app_label="health")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("health", "0001_initial"),
        # After the staff groups are made: that migration sets 审计's permissions outright.
        ("news", "0008_attachment_permissions_for_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
