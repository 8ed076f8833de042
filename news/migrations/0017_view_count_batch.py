import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0016_retention_action"),
    ]

    operations = [
        migrations.CreateModel(
            name="ViewCountBatch",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=64, unique=True, verbose_name="批次")),
                (
                    "counted_at",
                    models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="计入时间"),
                ),
                ("views", models.PositiveIntegerField(default=0, verbose_name="浏览次数")),
                ("articles", models.PositiveIntegerField(default=0, verbose_name="文章数")),
            ],
            options={
                "verbose_name": "浏览次数批次",
                "verbose_name_plural": "浏览次数批次",
            },
        ),
    ]
