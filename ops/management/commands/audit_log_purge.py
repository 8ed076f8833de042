from django.core.management.base import BaseCommand

from ops.retention import audit_log_next_purge, audit_log_purge, audit_log_retention_days


class Command(BaseCommand):
    help = "删除超过 AUDIT_LOG_RETENTION_DAYS 天(至少 180 天)的操作日志,并记录这次清理。"

    def handle(self, *args, **options):
        purged = audit_log_purge()
        upcoming = audit_log_next_purge()
        when = f"{upcoming:%Y-%m-%d}" if upcoming else "暂无"
        self.stdout.write(f"删除 {purged} 条超过 {audit_log_retention_days()} 天的操作日志;下一次有日志到期:{when}。")
