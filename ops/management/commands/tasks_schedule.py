from django.core.management.base import BaseCommand

from ops.schedule import DAILY_TASKS, MINUTE_TASKS, daily_tasks_schedule


class Command(BaseCommand):
    help = "Queue every daily and every-minute job (ops/schedule.py) that has no run waiting; safe to run again."

    def handle(self, *args, **options):
        queued = daily_tasks_schedule()
        queued_often = daily_tasks_schedule(MINUTE_TASKS)
        for path in queued + queued_often:
            self.stdout.write(f"已排入队列:{path}")
        if options["verbosity"] >= 1:
            self.stdout.write(f"每日任务 {len(DAILY_TASKS)} 项,本次新排入 {len(queued)} 项。")
            self.stdout.write(f"每分钟任务 {len(MINUTE_TASKS)} 项,本次新排入 {len(queued_often)} 项。")
