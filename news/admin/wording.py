from django.contrib import admin

from ..models import WordingRule


@admin.register(WordingRule)
class WordingRuleAdmin(admin.ModelAdmin):
    list_display = ["phrase", "correct_form", "level", "note", "is_active", "updated_at"]
    list_filter = ["level", "is_active"]
    search_fields = ["phrase", "correct_form", "note"]
