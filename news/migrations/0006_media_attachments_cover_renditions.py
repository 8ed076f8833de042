import django.db.models.deletion
from django.db import migrations, models

import news.media.images
import news.models.attachments


def alt_from_title(apps, schema_editor):
    """Covers saved before alt text was required get the title as their alt."""
    Article = apps.get_model("news", "Article")
    Article.objects.exclude(cover_image="").filter(cover_alt="").update(cover_alt=models.F("title"))


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0005_cover_image_refuses_dangerous_uploads"),
    ]

    operations = [
        migrations.CreateModel(
            name="Attachment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "file",
                    models.FileField(
                        max_length=200,
                        storage=news.models.attachments.private_storage,
                        upload_to=news.models.attachments.attachment_path,
                        verbose_name="文件",
                    ),
                ),
                (
                    "original_name",
                    models.CharField(
                        blank=True,
                        help_text="下载时使用的文件名;留空则用上传时的文件名",
                        max_length=200,
                        verbose_name="文件名",
                    ),
                ),
                ("size", models.PositiveBigIntegerField(default=0, editable=False, verbose_name="大小(字节)")),
                (
                    "file_type",
                    models.CharField(
                        choices=[
                            ("pdf", "PDF"),
                            ("doc", "DOC"),
                            ("docx", "DOCX"),
                            ("xls", "XLS"),
                            ("xlsx", "XLSX"),
                            ("wps", "WPS"),
                            ("ofd", "OFD"),
                            ("zip", "ZIP"),
                        ],
                        editable=False,
                        max_length=10,
                        verbose_name="类型",
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="排序")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="上传时间")),
            ],
            options={
                "verbose_name": "附件",
                "verbose_name_plural": "附件",
                "ordering": ["order", "id"],
            },
        ),
        migrations.AddField(
            model_name="article",
            name="cover_height",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="article",
            name="cover_width",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="article",
            name="cover_alt",
            field=models.CharField(
                blank=True,
                help_text="有封面图片时必填:说明图片内容,供读屏软件朗读",
                max_length=200,
                verbose_name="封面图片说明",
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="cover_image",
            field=news.media.images.PhotoField(
                blank=True,
                height_field="cover_height",
                upload_to="covers/%Y/%m/",
                verbose_name="封面图片",
                width_field="cover_width",
            ),
        ),
        migrations.RunPython(alt_from_title, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=models.Q(("cover_image", ""), models.Q(("cover_alt", ""), _negated=True), _connector="OR"),
                name="cover_image_has_alt",
                violation_error_message="上传了封面图片,请填写封面图片说明(替代文字)。",
            ),
        ),
        migrations.AddField(
            model_name="attachment",
            name="article",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="attachments",
                to="news.article",
                verbose_name="文章",
            ),
        ),
    ]
