import django.db.models.deletion
from django.db import migrations, models


def reports_to_first_site(apps, schema_editor):
    """Reports made before sites were the only site's: the first one's. With
    no site at all, nothing can be shown for them: they go (a new check
    makes them again)."""
    Site = apps.get_model("news", "Site")
    HealthReport = apps.get_model("health", "HealthReport")
    first = Site.objects.order_by("id").first()
    if first is None:
        HealthReport.objects.all().delete()
    else:
        HealthReport.objects.update(site=first)


class Migration(migrations.Migration):
    dependencies = [
        ("health", "0003_health_report"),
        ("news", "0019_sites"),
    ]

    operations = [
        migrations.AddField(
            model_name="healthreport",
            name="site",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="health_reports",
                to="news.site",
                verbose_name="站点",
            ),
        ),
        migrations.RunPython(reports_to_first_site, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="healthreport",
            name="site",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="health_reports",
                to="news.site",
                verbose_name="站点",
            ),
        ),
    ]
