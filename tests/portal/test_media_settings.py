"""The upload limit is read from the environment; the editor adds no check warnings."""

from tests.settings_env import manage

PRINT_LIMIT = "from django.conf import settings; print(settings.UPLOAD_MAX_MB)"


class TestUploadLimitSetting:
    def test_the_upload_limit_is_20_mb_by_default(self):
        result = manage("shell", "-c", PRINT_LIMIT)
        assert result.stdout.strip().splitlines()[-1] == "20", result.stderr

    def test_the_upload_limit_follows_the_environment(self):
        result = manage("shell", "-c", PRINT_LIMIT, UPLOAD_MAX_MB="5")
        assert result.stdout.strip().splitlines()[-1] == "5", result.stderr


class TestSystemChecks:
    def test_manage_check_prints_no_warnings_with_the_editor_installed(self):
        result = manage("check", "--fail-level", "WARNING")
        assert result.returncode == 0, result.stdout + result.stderr
        assert "System check identified no issues (0 silenced)." in result.stdout
        assert "ckeditor" not in (result.stdout + result.stderr).lower()
