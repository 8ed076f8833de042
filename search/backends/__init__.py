"""One search interface, two implementations, chosen by the database in use."""

from django.db import connection

from .base import SearchBackend
from .postgresql import PostgresBackend
from .sqlite import SqliteBackend

BACKENDS = {"postgresql": PostgresBackend, "sqlite": SqliteBackend}


def get_backend():
    try:
        return BACKENDS[connection.vendor]()
    except KeyError:
        raise NotImplementedError(f"站内搜索不支持 {connection.vendor} 数据库") from None


__all__ = ["SearchBackend", "get_backend"]
