"""The suite's clock: every test starts at one fixed instant, whatever the real date."""

import time
from datetime import date, timedelta

from django.utils import timezone

from ..conftest import BEIJING, TEST_NOW, beijing, clock_start


class TestFixedClock:
    def test_every_test_starts_at_the_fixed_instant(self, fixed_clock):
        assert fixed_clock == TEST_NOW
        assert timedelta(0) <= timezone.now() - TEST_NOW < timedelta(minutes=1)
        assert timezone.localdate() == TEST_NOW.astimezone(BEIJING).date()

    def test_the_clock_runs_on_from_there(self):
        before = timezone.now()
        time.sleep(0.01)
        assert timezone.now() > before

    def test_a_test_travels_to_another_today_itself(self, time_machine):
        time_machine.move_to(beijing(2028, 2, 29, 23, 59), tick=False)
        assert timezone.localdate() == date(2028, 2, 29)
        time_machine.shift(timedelta(minutes=1))
        assert timezone.localdate() == date(2028, 3, 1)


class TestStartingInstant:
    def test_by_default_it_is_a_june_morning_in_beijing(self, monkeypatch):
        monkeypatch.delenv("PORTAL_TEST_NOW", raising=False)
        assert clock_start() == beijing(2026, 6, 15, 10, 0)

    def test_portal_test_now_picks_another_in_beijing_time(self, monkeypatch):
        monkeypatch.setenv("PORTAL_TEST_NOW", "2027-01-01 00:30")
        assert clock_start() == beijing(2027, 1, 1, 0, 30)

    def test_portal_test_now_may_name_its_offset(self, monkeypatch):
        monkeypatch.setenv("PORTAL_TEST_NOW", "2026-12-31T16:30:00+00:00")
        assert clock_start() == beijing(2027, 1, 1, 0, 30)
