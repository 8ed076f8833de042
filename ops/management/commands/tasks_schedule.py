from django.core.management.base import BaseCommand

from ops.schedule import DAILY_TASKS, MINUTE_TASKS, daily_tasks_schedule
from publishing.tasks import pages_waiting_publish_enqueue


class Command(BaseCommand):
    help = (
        "Queue every daily and every-minute job (ops/schedule.py) that has no run waiting, and the writing "
        "of published pages left waiting (a worker stopped mid-way); safe to run again."
    )

    def handle(self, *args, **options):
        queued = daily_tasks_schedule()
        queued_often = daily_tasks_schedule(MINUTE_TASKS)
        for path in queued + queued_often:
            self.stdout.write(f"已排入队列:{path}")
        if options["verbosity"] >= 1:
            self.stdout.write(f"每日任务 {len(DAILY_TASKS)} 项,本次新排入 {len(queued)} 项。")
            self.stdout.write(f"每分钟任务 {len(MINUTE_TASKS)} 项,本次新排入 {len(queued_often)} 项。")
        for site in pages_waiting_publish_enqueue():
            self.stdout.write(f"站点 {site} 有等待写出的静态页面,已排入写出任务。")
