"""The three staff groups and what each may do. Which columns a member works
in is given per person (栏目分工)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS, REVIEWERS, AUDITORS = "编辑", "审核", "审计"

GROUP_PERMISSIONS = {
    # Write and edit drafts, submit them for review, move their own column's
    # unpublished articles to the 回收站.
    EDITORS: [
        "news.view_article",
        "news.add_article",
        "news.change_article",
        "news.delete_article",
        "news.submit_article",
        "news.view_trashedarticle",
        "news.view_column",
        "news.view_wordingrule",
    ],
    # Everything an editor may, plus approve or reject, publish, withdraw, and
    # keep the wording list.
    REVIEWERS: [
        "news.view_article",
        "news.add_article",
        "news.change_article",
        "news.delete_article",
        "news.submit_article",
        "news.review_article",
        "news.publish_article",
        "news.withdraw_article",
        "news.view_trashedarticle",
        "news.view_column",
        "news.view_wordingrule",
        "news.add_wordingrule",
        "news.change_wordingrule",
        "news.delete_wordingrule",
    ],
    # Read everything in every column, change nothing, export.
    AUDITORS: [
        "news.view_article",
        "news.view_trashedarticle",
        "news.view_column",
        "news.view_wordingrule",
        "news.view_auditentry",
        "news.view_sitesettings",
        "news.view_columnaccess",
        "news.export_article",
        "news.access_all_columns",
    ],
}


def create_groups(apps, schema_editor):
    # Permissions are normally made after all migrations; these groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = []
        for code in codes:
            app_label, codename = code.split(".")
            permissions.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUP_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_workflow_audit_wording_staff"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
