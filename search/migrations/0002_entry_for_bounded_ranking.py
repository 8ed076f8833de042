"""PostgreSQL: rank by (title match, newest first) over a bounded candidate set.

- published_at is copied into the entry, so every match's date is read from
  the small entry row, without touching the article or its text;
- document loses its positions (strip()): matching only needs the lexemes,
  and reading a position-free tsvector is about half the work;
- text holds the plain, normalised text, so a quoted phrase or a code is
  checked on it, for the candidates only, not on the articles' HTML;
- an index on (published_at, article_id), newest first, lets a page of a
  very common word be read by walking the newest entries.

Run `manage.py rebuild_search_index` after migrating (no table rewrite here,
so the migration is quick on a big site): until then old entries have no date
(listed last) and no text (their phrases are not found)."""

import django.contrib.postgres.search  # noqa: F401
from django.db import migrations, models

POSTGRES_FORWARD = [
    "ALTER TABLE search_entry ADD COLUMN published_at timestamptz, ADD COLUMN text text NOT NULL DEFAULT ''",
    "CREATE INDEX search_entry_newest ON search_entry (published_at DESC NULLS LAST, article_id DESC)",
]
POSTGRES_BACKWARD = [
    "ALTER TABLE search_entry DROP COLUMN published_at, DROP COLUMN text",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="searchentry", name="published_at", field=models.DateTimeField(null=True)
                ),
                migrations.AddField(model_name="searchentry", name="text", field=models.TextField(default="")),
            ],
            database_operations=[migrations.RunPython(run(POSTGRES_FORWARD), run(POSTGRES_BACKWARD))],
        ),
    ]
