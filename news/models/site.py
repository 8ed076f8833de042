from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

from ..language import reading_mongolian, shown
from ..media.images import PhotoField
from .review import REVIEW_LEVEL_CHOICES

# The national platform's "我为政府网站找错" page for a site, by its 网站标识码
# (the link the inspection rules expect in every footer).
ERROR_REPORT_URL = "https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action?id={site_id_code}"


class SiteTheme(models.TextChoices):
    """The site's colours: each keeps white text on its colour at AA contrast
    or better (static/css/portal.css, html[data-theme])."""

    RED = "red", "中国红(默认)"
    BLUE = "blue", "政务蓝"
    GREEN = "green", "生态绿"


class SiteQuerySet(models.QuerySet):
    def default(self):
        """The site answering a host name no site claims, and the one things
        made without a site belong to: the first site created (the banner's
        portal on a platform; the only site of a single-site installation)."""
        site = self.order_by("id").first()
        if site is None:
            site, _ = self.get_or_create(
                key=DEFAULT_SITE_KEY, defaults={"site_name": "政府网站", "domain": "localhost", "organiser": "人民政府"}
            )
        return site


DEFAULT_SITE_KEY = "main"


class SubmissionUpdates(models.TextChoices):
    """What an edit or withdrawal of an accepted township original does to the banner's copy."""

    UPDATE = "update", "直接更新转载稿(原文撤回时转载稿随之撤稿)"
    FLAG = "flag", "标记“原文已修改/已撤回”,由本站审核人员处理"


SITE_KEY_HELP = "英文小写字母、数字或连字符;静态页面的文件夹名,也用于 /site/<标识>/ 网址(如 sulide)"


class Site(models.Model):
    """A site of the platform (集约化): the banner's portal or a township's
    site, each with its own columns, settings, staff and published pages.
    Its fields are what inspectors read in the footer and meta tags, and the
    defaults its articles take."""

    key = models.SlugField(
        "站点标识",
        max_length=30,
        unique=True,
        default=DEFAULT_SITE_KEY,
        help_text=SITE_KEY_HELP,
        # What /site/<key>/ matches; "_…" folders of the published tree are the platform's own.
        validators=[
            RegexValidator(r"^[a-z0-9][a-z0-9-]*$", "站点标识只能用英文小写字母、数字和连字符,且不能以连字符开头。")
        ],
    )
    is_platform = models.BooleanField("旗级门户", default=False, help_text="接收乡镇信息报送,站内搜索可检索全部站点")
    extra_domains = models.TextField(
        "其他域名", blank=True, help_text="每行一个,如 wsq.gov.cn;访问这些域名同样进入本站"
    )
    site_name = models.CharField("网站名称", max_length=100)
    logo = PhotoField(
        "网站标识图片",
        upload_to="logos/",
        blank=True,
        width_field="logo_width",
        height_field="logo_height",
        help_text="显示在网站名称左侧,建议高 60 像素左右的 PNG;留空则只显示网站名称",
    )
    logo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    logo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    theme = models.CharField("配色", max_length=10, choices=SiteTheme.choices, default=SiteTheme.RED)
    mongolian_enabled = models.BooleanField(
        "开通蒙古文版", default=False, help_text="开通后,网址前加 /mn/ 即为蒙古文版;只显示有蒙古文版的文章"
    )
    site_name_mn = models.CharField("蒙古文网站名称", max_length=200, blank=True)
    organiser_mn = models.CharField("蒙古文主办单位", max_length=200, blank=True)
    default_source_mn = models.CharField(
        "蒙古文默认来源", max_length=200, blank=True, help_text="蒙古文文章未填来源时使用"
    )
    domain = models.CharField("网站域名", max_length=100, help_text="如 www.wsq.gov.cn,不含 https://")
    site_id_code = models.CharField("网站标识码", max_length=20, blank=True)
    icp_number = models.CharField("ICP备案号", max_length=50, blank=True)
    police_number = models.CharField("公安机关备案号", max_length=50, blank=True)
    police_record_url = models.URLField("公安机关备案链接", blank=True)
    organiser = models.CharField("网站主办单位", max_length=100)
    contact = models.CharField("联系方式", max_length=200, blank=True, help_text="电话、地址或邮箱")
    error_report_url = models.URLField(
        "我为政府网站找错链接", blank=True, help_text="留空时按网站标识码生成全国政府网站找错平台的链接"
    )
    government_badge_url = models.URLField(
        "党政机关标识链接",
        blank=True,
        help_text="党政机关网站标识的核验页面,如 https://bszs.conac.cn/sitename?method=show&id=…",
    )
    default_source = models.CharField("默认来源", max_length=100, blank=True, help_text="文章未填来源时使用")
    index_prefix = models.CharField(
        "索引号前段码", max_length=30, blank=True, help_text="发布机构的组织机构代码,如 11150626MB1234567X"
    )
    publisher = models.CharField("发布机构", max_length=100, blank=True)
    site_description = models.CharField("网站描述", max_length=200, blank=True)
    site_keywords = models.CharField("网站关键词", max_length=200, blank=True)
    review_levels = models.PositiveSmallIntegerField(
        "默认审核级数", default=1, choices=REVIEW_LEVEL_CHOICES, help_text="栏目未单独设置审核级数时使用(三审三校)"
    )

    submission_updates = models.CharField(
        "报送原文变更时",
        max_length=10,
        choices=SubmissionUpdates.choices,
        default=SubmissionUpdates.FLAG,
        help_text="旗级门户:已采用的乡镇原文被修改或撤回时,转载稿如何处理",
    )

    # The public page cache's version (read and bumped by news.content_version only).
    content_version = models.PositiveBigIntegerField(default=1, editable=False)

    objects = SiteQuerySet.as_manager()

    class Meta:
        verbose_name = "站点"
        verbose_name_plural = "站点"
        ordering = ["id"]

    def __str__(self):
        return self.site_name

    def save(self, *args, **kwargs):
        if not self._state.adding and "update_fields" not in kwargs:
            # Never write back a content version read before someone else bumped it.
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.name != "content_version"
            ]
        super().save(*args, **kwargs)  # news.public.cache_signals bumps the content version

    def clean(self):
        """A host name reaches one site only."""
        super().clean()
        mine = set(self.host_names)
        for other in Site.objects.exclude(pk=self.pk).only("site_name", "domain", "extra_domains"):
            taken = mine & set(other.host_names)
            if taken:
                raise ValidationError(
                    {
                        "extra_domains" if self.domain.strip().lower() not in taken else "domain": (
                            f"域名 {'、'.join(sorted(taken))} 已属于站点「{other.site_name}」。"
                        )
                    }
                )

    @property
    def host_names(self):
        """Every host name that reaches this site, lower case, without port."""
        names = [self.domain, *self.extra_domains.split()]
        return [name.strip().lower().split(":")[0] for name in names if name.strip()]

    @property
    def error_report_link(self):
        """我为政府网站找错: the address set, or the national platform's page
        for this site's 标识码; empty when neither is known."""
        if self.error_report_url:
            return self.error_report_url
        code = (self.site_id_code or "").strip()
        return ERROR_REPORT_URL.format(site_id_code=quote(code, safe="")) if code else ""

    @property
    def source(self):
        return self.default_source or self.organiser

    @property
    def shown_site_name(self):
        return shown(self, "site_name")

    @property
    def shown_organiser(self):
        return shown(self, "organiser")

    def source_for(self, article):
        """The 来源 an article's page shows, in the language being read."""
        if reading_mongolian():
            return article.source_mn or self.default_source_mn or self.organiser_mn or article.source or self.source
        return article.source or self.source

    @property
    def publishing_body(self):
        return self.publisher or self.organiser
