"""Many sites (集约化): the one row of site settings becomes the first site,
every column and audit entry belongs to it, and every staff member is one
of its members. Nothing is lost: the row keeps its id and fields."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def first_site_fill(apps, schema_editor):
    Site = apps.get_model("news", "Site")
    Column = apps.get_model("news", "Column")
    AuditEntry = apps.get_model("news", "AuditEntry")
    SiteMembership = apps.get_model("news", "SiteMembership")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    site = Site.objects.order_by("id").first()
    if site is None:
        if not Column.objects.exists():
            return  # a new installation: the first site is made when needed
        site = Site.objects.create(key="main", site_name="政府网站", domain="localhost", organiser="人民政府")
    Column.objects.update(site=site)
    AuditEntry.objects.update(site=site)
    SiteMembership.objects.bulk_create(
        SiteMembership(site=site, user_id=pk) for pk in User.objects.filter(is_staff=True).values_list("pk", flat=True)
    )


def permissions_rename(apps, schema_editor):
    """The groups' rights on the site settings become rights on sites."""
    Permission = apps.get_model("auth", "Permission")
    for permission in Permission.objects.filter(content_type__app_label="news", codename__endswith="_sitesettings"):
        codename = permission.codename.replace("_sitesettings", "_site")
        if Permission.objects.filter(content_type=permission.content_type, codename=codename).exists():
            continue
        permission.codename = codename
        permission.name = permission.name.replace("site settings", "站点")
        permission.save()


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0018_drop_next_publication_at"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("SiteSettings", "Site"),
        migrations.AlterModelOptions(
            name="site", options={"ordering": ["id"], "verbose_name": "站点", "verbose_name_plural": "站点"}
        ),
        migrations.AddField(
            model_name="site",
            name="key",
            field=models.SlugField(
                default="main",
                help_text="英文小写字母、数字或连字符;静态页面的文件夹名,也用于 /site/<标识>/ 网址(如 sulide)",
                max_length=30,
                unique=True,
                verbose_name="站点标识",
            ),
        ),
        migrations.AddField(
            model_name="site",
            name="is_platform",
            field=models.BooleanField(
                default=False, help_text="接收乡镇信息报送,站内搜索可检索全部站点", verbose_name="旗级门户"
            ),
        ),
        migrations.AddField(
            model_name="site",
            name="extra_domains",
            field=models.TextField(
                blank=True, help_text="每行一个,如 wsq.gov.cn;访问这些域名同样进入本站", verbose_name="其他域名"
            ),
        ),
        migrations.CreateModel(
            name="SiteMembership",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "is_site_admin",
                    models.BooleanField(
                        default=False, help_text="管理本站点的栏目、设置和工作人员", verbose_name="站点管理员"
                    ),
                ),
                (
                    "site",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to="news.site",
                        verbose_name="站点",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="site_memberships",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="工作人员",
                    ),
                ),
            ],
            options={"verbose_name": "站点成员", "verbose_name_plural": "站点成员"},
        ),
        migrations.AddConstraint(
            model_name="sitemembership",
            constraint=models.UniqueConstraint(fields=("site", "user"), name="site_membership_unique"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="site",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="news.site",
                verbose_name="站点",
            ),
        ),
        migrations.AddField(
            model_name="column",
            name="site",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="columns",
                to="news.site",
                verbose_name="站点",
            ),
        ),
        migrations.RunPython(first_site_fill, migrations.RunPython.noop),
        migrations.RunPython(permissions_rename, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="column",
            name="site",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="columns",
                to="news.site",
                verbose_name="站点",
            ),
        ),
        migrations.AlterField(
            model_name="column",
            name="slug",
            field=models.SlugField(help_text="英文字母、数字或连字符,用于网址", max_length=60, verbose_name="网址标识"),
        ),
        migrations.AddConstraint(
            model_name="column",
            constraint=models.UniqueConstraint(fields=("site", "slug"), name="column_slug_unique_per_site"),
        ),
    ]
