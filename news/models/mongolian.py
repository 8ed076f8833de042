"""The Mongolian version (蒙古文版) of an article, shared by the article and
its 修订稿: its own title, summary, body, 来源 and 作者, in traditional
Mongolian script. Mongolian pages show only articles that have one."""

import html

from django.db import models
from django.utils.html import strip_tags

from ..language import reading_mongolian, shown
from ..media.html import sanitize_html, summary_from_body

MONGOLIAN_FIELD_NAMES = ["title_mn", "summary_mn", "body_mn", "source_mn", "author_mn", "mongolian_placeholder"]


class MongolianFields(models.Model):
    title_mn = models.CharField("蒙古文标题", max_length=200, blank=True)
    summary_mn = models.TextField("蒙古文摘要", blank=True, help_text="留空则取蒙古文正文开头")
    body_mn = models.TextField("蒙古文正文", blank=True, help_text="标题和正文都填写后,文章才在蒙古文版显示")
    source_mn = models.CharField(
        "蒙古文来源", max_length=100, blank=True, help_text="留空则使用站点设置中的蒙古文默认来源"
    )
    author_mn = models.CharField("蒙古文作者", max_length=100, blank=True)
    mongolian_placeholder = models.BooleanField(
        "蒙古文为占位稿",
        default=False,
        help_text="译文不是正式译文、待翻译人员提供时勾选:蒙古文页面会注明“译文待审校”",
    )

    class Meta:
        abstract = True

    @property
    def has_mongolian_text(self):
        """A Mongolian version needs at least its title and body."""
        # An editor's empty paragraph (<p>&nbsp;</p>) is no text.
        return bool(self.title_mn.strip() and html.unescape(strip_tags(self.body_mn or "")).strip())

    def mongolian_clean_for_save(self):
        self.title_mn = self.title_mn.strip()
        self.body_mn = sanitize_html(self.body_mn) if self.body_mn.strip() else ""
        self.summary_mn = strip_tags(self.summary_mn).strip()

    @property
    def shown_title(self):
        return shown(self, "title")

    @property
    def shown_body(self):
        return shown(self, "body")

    @property
    def shown_author(self):
        return shown(self, "author")

    @property
    def shown_summary(self):
        if reading_mongolian() and self.body_mn:
            return self.summary_mn or summary_from_body(self.body_mn)
        return self.summary
