"""What every benchmark needs: a database of its own and Django set up on it (development settings with
DEBUG off, so Django keeps no query log)."""

import os
import platform
import sys
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[2]


def _admin_connection(url: str) -> tuple[psycopg.Connection, str]:
    info = psycopg.conninfo.conninfo_to_dict(url)
    name = info.pop("dbname")
    return psycopg.connect(psycopg.conninfo.make_conninfo(**info, dbname="postgres"), autocommit=True), name


def drop_database(url: str) -> None:
    conn, name = _admin_connection(url)
    with conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def recreate_database(url: str) -> None:
    drop_database(url)
    conn, name = _admin_connection(url)
    with conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def database_exists(url: str) -> bool:
    conn, name = _admin_connection(url)
    with conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["QLVB_ENV"] = "development"
    os.environ["DEBUG"] = "False"
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["DJANGO_SETTINGS_MODULE"] = "province.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def machine_line(title: str) -> str:
    """``# title — host, CPUs, PostgreSQL version, Python version`` (Django must be set up)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return f"# {title} — {platform.node()}, {os.cpu_count()} CPUs, PostgreSQL {pg}, Python {platform.python_version()}"


def vacuum(url: str, schema: str, tables: tuple[str, ...]) -> None:
    """VACUUM ANALYZE freshly loaded tables, as autovacuum does soon after a bulk load in production: without the
    visibility map an index-only scan (the lists' newest-first window) visits the heap for every row."""
    with psycopg.connect(url, autocommit=True) as conn:
        for table in tables:
            conn.execute(sql.SQL("VACUUM ANALYZE {}").format(sql.Identifier(schema, table)))
