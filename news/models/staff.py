from django.conf import settings
from django.db import models


class ColumnAccess(models.Model):
    """A staff member may work in this column and every column below it.
    Township staff get their township's columns; users with the
    `access_all_columns` permission (and superusers) need none."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="工作人员", on_delete=models.CASCADE, related_name="column_access"
    )
    column = models.ForeignKey(
        "news.Column", verbose_name="栏目", on_delete=models.CASCADE, related_name="staff_access"
    )

    class Meta:
        verbose_name = "栏目分工"
        verbose_name_plural = "栏目分工"
        constraints = [models.UniqueConstraint(fields=["user", "column"], name="column_access_unique")]

    def __str__(self):
        return f"{self.user} - {self.column}"


class SiteMembership(models.Model):
    """A staff member works on this site. A 站点管理员 (is_site_admin) also
    manages the site's columns, settings and staff; superusers need no
    membership to see every site."""

    site = models.ForeignKey("news.Site", verbose_name="站点", on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="工作人员", on_delete=models.CASCADE, related_name="site_memberships"
    )
    is_site_admin = models.BooleanField("站点管理员", default=False, help_text="管理本站点的栏目、设置和工作人员")

    class Meta:
        verbose_name = "站点成员"
        verbose_name_plural = "站点成员"
        constraints = [models.UniqueConstraint(fields=["site", "user"], name="site_membership_unique")]

    def __str__(self):
        return f"{self.user} - {self.site}"
