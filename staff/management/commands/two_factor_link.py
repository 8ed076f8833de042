from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from staff.enrolment import enrolment_link_issue


class Command(BaseCommand):
    help = "为工作人员签发两步验证绑定链接(第一个超级管理员绑定身份验证器时使用)。"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--site", default="", help="网站地址,如 https://www.example.gov.cn")

    def handle(self, *args, username, site, **options):
        user = get_user_model().objects.filter(username=username, is_active=True, is_staff=True).first()
        if user is None:
            raise CommandError(f"没有在职的工作人员账号“{username}”。")
        token = enrolment_link_issue(user=user, issued_by=None)
        self.stdout.write(site.rstrip("/") + reverse("admin:two_factor_link", args=[token]))
