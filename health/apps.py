from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "health"
    verbose_name = "网站体检"
