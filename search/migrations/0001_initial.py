"""The index table for the database in use, and nothing on the other one."""

import django.contrib.postgres.search
from django.db import migrations, models

POSTGRES_CREATE = [
    "CREATE TABLE search_entry (article_id bigint PRIMARY KEY, title_document tsvector NOT NULL, "
    "document tsvector NOT NULL)",
    "CREATE INDEX search_entry_document_gin ON search_entry USING gin (document)",
    "CREATE INDEX search_entry_title_gin ON search_entry USING gin (title_document)",
]
SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, meta, tokenize = 'unicode61 remove_diacritics 2')",
]
DROP = {"postgresql": ["DROP TABLE IF EXISTS search_entry"], "sqlite": ["DROP TABLE IF EXISTS search_fts"]}
CREATE = {"postgresql": POSTGRES_CREATE, "sqlite": SQLITE_CREATE}


def run(statements):
    def operation(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):
    initial = True
    dependencies = [("news", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SearchEntry",
                    fields=[
                        ("article_id", models.BigIntegerField(primary_key=True, serialize=False)),
                        ("title_document", django.contrib.postgres.search.SearchVectorField()),
                        ("document", django.contrib.postgres.search.SearchVectorField()),
                    ],
                    options={"db_table": "search_entry", "verbose_name": "搜索索引(PostgreSQL)"},
                ),
                migrations.CreateModel(
                    name="FullTextEntry",
                    fields=[
                        ("article_id", models.BigIntegerField(db_column="rowid", primary_key=True, serialize=False)),
                        ("title", models.TextField()),
                        ("body", models.TextField()),
                        ("meta", models.TextField()),
                    ],
                    options={"db_table": "search_fts", "verbose_name": "搜索索引(SQLite)"},
                ),
            ],
            database_operations=[migrations.RunPython(run(CREATE), run(DROP))],
        ),
    ]
