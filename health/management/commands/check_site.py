"""python manage.py check_site: the site health check for cron or a monitor,
of one site (--site KEY) or of every site, each with its own verdict. Exit
status 0 when nothing would fail an inspection, 1 when something would on
any site checked (a single-veto risk, or an estimated score under 60). Each
report is kept as its site's 网站体检 page's last report."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from health.report import site_health_check
from health.tasks import health_report_store
from news.models import Site


class Command(BaseCommand):
    help = "网站体检:检查栏目更新、链接、用词和站点设置,估算检查结论(不加 --site 时逐个检查每个站点)"

    def add_arguments(self, parser):
        parser.add_argument("--site", metavar="KEY", help="只检查这个站点(站点标识,如 galutu)")
        parser.add_argument("--format", choices=["text", "json"], default="text", help="报告格式(默认 text)")
        parser.add_argument("--no-external", action="store_true", help="不检查外部链接")

    def handle(self, *args, **options):
        reports = []
        for site in self._sites(options["site"]):
            report = site_health_check(site=site, external=not options["no_external"])
            health_report_store(site=site, report=report, requested_by="check_site")  # the admin page shows it
            reports.append(report)
        if options["format"] == "json":
            # One site checked: its report; several: a list of them.
            data = [report.as_dict() for report in reports]
            self.stdout.write(json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2))
        else:
            for number, report in enumerate(reports):
                if number:
                    self.stdout.write("")
                self.write_text(report)
        if any(report.verdict.fails for report in reports):
            sys.exit(1)

    def _sites(self, key):
        if not key:
            return list(Site.objects.order_by("id")) or [Site.objects.default()]
        site = Site.objects.filter(key=key).first()
        if site is None:
            known = "、".join(Site.objects.values_list("key", flat=True))
            raise CommandError(f"没有站点“{key}”(已有站点:{known})", returncode=2)
        return [site]

    def write_text(self, report):
        out, style = self.stdout, self.style
        verdict = report.verdict
        paint = style.ERROR if verdict.fails else (style.WARNING if verdict.label == "扣分" else style.SUCCESS)
        out.write(
            f"网站体检报告  {report.site_name}({report.site_key})  {timezone.localtime(report.generated_at):%Y-%m-%d %H:%M}"
        )
        out.write(paint(f"估算结论:{verdict.label}(估算得分 {verdict.score:g})"))
        for reason in verdict.reasons:
            out.write(f"  · {reason}")
        counts = report.counts
        out.write(f"单项否决风险 {counts['veto']} 项,扣分项 {counts['deduct']} 项,提示 {counts['notice']} 项")
        for severity, findings in report.groups:
            colour = {"veto": style.ERROR, "deduct": style.WARNING}.get(severity.value, style.NOTICE)
            out.write("")
            out.write(colour(f"【{severity.label}】{len(findings)} 项"))
            for finding in findings:
                out.write(f"  [{finding.category.label}] {finding.message}")
                if finding.detail:
                    out.write(f"      {finding.detail}")
                if finding.fix_url:
                    out.write(f"      {finding.fix_label}:{finding.fix_url}")
        stats = report.stats
        out.write("")
        external = (
            f"外部链接 {stats['external_links']} 个(未检查 {stats['external_unchecked']} 个)"
            if report.external_checked
            else "外部链接未检查(--no-external)"
        )
        out.write(
            f"共检查已发布文章 {stats['articles_scanned']} 篇,链接和图片 {stats['links_found']} 个,{external};"
            f"用时 {stats['seconds']['total']:.1f} 秒"
        )
        if not report.findings:
            out.write(style.SUCCESS("未发现问题。"))
