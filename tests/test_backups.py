"""Backups: the commands of the README's "Backups" section, run for real.

Each test builds a scratch database holding the demo data with the project's own
commands, backs it up and restores it into a new, empty database with the
commands the README documents (the README must show them word for word), then
compares every table the database's catalog lists, row by row, and the schema.
The scratch databases live outside the test database, so the tests need no
database fixture: SQLite always, PostgreSQL when the suite runs on it.
"""

import os
import re
import shlex
import sqlite3
import subprocess
import sys
import uuid
from collections import Counter
from pathlib import Path
from string import Template
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection
from psycopg import sql

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# The README's commands, with $placeholders for what changes from one machine to
# the next; README_VALUES fill them in as the README shows them.
SQLITE_COPY = Template(
    "$python -c 'import sqlite3, sys; "
    's = sqlite3.connect(f"file:{sys.argv[1]}?mode=rw", uri=True); '
    "t = sqlite3.connect(sys.argv[2]); s.backup(t); t.close()' $source $target"
)
POSTGRESQL_BACKUP = Template("pg_dump --format=custom --file=$dump $database_url")
POSTGRESQL_RESTORE = [
    Template("createdb -h $host -p $port -U $user --template=template0 $restored_name"),
    Template(
        "pg_restore --no-owner --no-privileges --single-transaction --exit-on-error "
        "--dbname=$restored_url $dump"
    ),
    Template("vacuumdb --analyze-only --dbname=$restored_url"),
]
CHECK = Template("DATABASE_URL=$restored_url $python manage.py migrate --check")

README_VALUES = {
    "python": ".venv/bin/python",
    "database_url": "postgres://postgres@127.0.0.1:5432/passerelle",
    "dump": "passerelle.dump",
    "host": "127.0.0.1",
    "port": "5432",
    "user": "postgres",
    "restored_name": "passerelle_restored",
    "restored_url": "postgres://postgres@127.0.0.1:5432/passerelle_restored",
}
README_SQLITE_BACKUP = {"source": "db.sqlite3", "target": "passerelle-backup.sqlite3"}
README_SQLITE_RESTORE = {"source": "passerelle-backup.sqlite3", "target": "db.sqlite3"}

# A restore that loses everything must not pass as identical: these tables hold
# rows once the demo data is loaded (and a superuser created).
MUST_HOLD_ROWS = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "auth_user",
    "organizations_organization",
    "organizations_relationship",
    "agreements_agreement",
    "agreements_party",
    "agreements_benefit",
    "events_event",
    "events_series",
    "portal_searchentry",
}


def render(template, values):
    return template.substitute({name: shlex.quote(value) for name, value in values.items()})


def backups_section():
    """The README's "Backups" section, its continued lines joined."""
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## Backups\n(.*?)(?=^## )", readme, flags=re.MULTILINE | re.DOTALL)
    assert match, 'README.md has no "## Backups" section'
    return re.sub(r"\s*\\\n\s*", " ", match.group(1))


def assert_documented(*commands):
    section = backups_section()
    for command in commands:
        assert command in section, f"README's Backups section does not show:\n{command}"


def environment(**values):
    env = {name: value for name, value in os.environ.items() if name != "DATABASE_URL"}
    env.update(DEBUG="0", SECRET_KEY="test", SECURE_SSL_REDIRECT="0", **values)
    return env


def run(command, env):
    """Run a shell command from the project directory; fail with its output."""
    result = subprocess.run(
        command,
        shell=True,
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(
            f"{command}\nexited with {result.returncode}\n"
            f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}",
            pytrace=False,
        )


def build_demo_database(database_url):
    """Migrate, load the demo data and add a superuser, as an operator would."""
    env = environment(
        DATABASE_URL=database_url,
        DJANGO_SUPERUSER_USERNAME="backup-admin",
        DJANGO_SUPERUSER_EMAIL="backup-admin@example.org",
        DJANGO_SUPERUSER_PASSWORD="a long and unguessable password",
    )
    python = shlex.quote(sys.executable)
    for arguments in ("migrate", "load_demo", "createsuperuser --noinput"):
        run(f"{python} manage.py {arguments} --verbosity 0", env)


def assert_identical(source, restored):
    """`source` and `restored` map each table to its rows (any comparable form)."""
    assert sorted(restored) == sorted(source), "the restored database has other tables"
    empty = sorted(table for table, rows in source.items() if not rows)
    assert not MUST_HOLD_ROWS & set(empty), (
        f"tables that must hold rows are empty in both databases: "
        f"{sorted(MUST_HOLD_ROWS & set(empty))}; the comparison proves nothing"
    )
    for table, rows in source.items():
        assert len(restored[table]) == len(rows), (
            f"{table}: {len(rows)} rows backed up, {len(restored[table])} restored"
        )
        lost = list((Counter(rows) - Counter(restored[table])).elements())
        gained = list((Counter(restored[table]) - Counter(rows)).elements())
        assert (lost, gained) == ([], []), (
            f"{table} differs: only in the source {lost[:3]}, only in the restore {gained[:3]}"
        )


# SQLite


def sqlite_tables(path):
    """Every table sqlite_master lists, with its rows (values as repr, so that 1,
    1.0, "1" and b"1" stay apart), and the whole schema."""
    database = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [
            name
            for (name,) in database.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        tables = {
            name: [
                tuple(map(repr, row))
                for row in database.execute('SELECT * FROM "{}"'.format(name.replace('"', '""')))
            ]
            for name in names
        }
        schema = sorted(database.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
    finally:
        database.close()
    return tables, schema


def test_sqlite_backup_restores_every_row(tmp_path):
    source = tmp_path / "db.sqlite3"
    backup = tmp_path / "passerelle-backup.sqlite3"
    restored = tmp_path / "restored.sqlite3"
    paths = {"python": sys.executable}
    backup_command = render(SQLITE_COPY, {**paths, "source": str(source), "target": str(backup)})
    restore_command = render(SQLITE_COPY, {**paths, "source": str(backup), "target": str(restored)})
    check_command = render(CHECK, {**paths, "restored_url": f"sqlite:///{restored}"})
    assert_documented(
        render(SQLITE_COPY, {**README_VALUES, **README_SQLITE_BACKUP}),
        render(SQLITE_COPY, {**README_VALUES, **README_SQLITE_RESTORE}),
        render(CHECK, README_VALUES),
    )
    build_demo_database(f"sqlite:///{source}")

    # The site is running: a write it committed still sits in the WAL file, which
    # copying db.sqlite3 alone would lose.
    site = sqlite3.connect(source)
    try:
        site.execute("PRAGMA wal_autocheckpoint = 0")
        site.execute(
            "INSERT INTO django_session (session_key, session_data, expire_date) "
            "VALUES ('written-while-backing-up', 'e30', '2100-01-01 00:00:00')"
        )
        site.commit()
        assert Path(f"{source}-wal").stat().st_size > 0
        run(backup_command, environment())
    finally:
        site.close()
    run(restore_command, environment())
    run(check_command, environment())

    assert not Path(f"{backup}-wal").exists(), "the backup is not one self-contained file"
    source_tables, source_schema = sqlite_tables(source)
    restored_tables, restored_schema = sqlite_tables(restored)
    assert restored_schema == source_schema
    assert_identical(source_tables, restored_tables)
    assert source_tables["django_session"] == [
        ("'written-while-backing-up'", "'e30'", "'2100-01-01 00:00:00'")
    ]


# PostgreSQL


@pytest.fixture
def postgresql_server():
    """Where the suite's PostgreSQL is, and the names of two scratch databases
    (unique, so that parallel workers do not meet), dropped afterwards."""
    settings = connection.settings_dict
    server = {
        "host": settings["HOST"] or "127.0.0.1",
        "port": str(settings["PORT"] or 5432),
        "user": settings["USER"] or "postgres",
        "password": settings["PASSWORD"] or "",
    }
    prefix = f"passerelle_backup_{uuid.uuid4().hex[:12]}"
    names = {"source": f"{prefix}_source", "restored": f"{prefix}_restored"}
    maintenance = psycopg.connect(
        dbname="postgres", autocommit=True, **connection_arguments(server)
    )
    try:
        maintenance.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(names["source"])))
        yield server, names
    finally:
        for name in names.values():
            maintenance.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        maintenance.close()


def connection_arguments(server):
    return {key: value for key, value in server.items() if value}


def postgresql_url(server, name):
    password = f":{quote(server['password'], safe='')}" if server["password"] else ""
    return (
        f"postgres://{quote(server['user'], safe='')}{password}"
        f"@{server['host']}:{server['port']}/{name}"
    )


SCHEMA_QUERIES = {
    "extensions": "SELECT extname, extversion FROM pg_extension",
    "sequences": "SELECT schemaname, sequencename, last_value FROM pg_sequences",
    "indexes": "SELECT schemaname, indexname, indexdef FROM pg_indexes "
    "WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
    "constraints": "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
    "FROM pg_constraint WHERE connamespace = 'public'::regnamespace",
    "triggers": "SELECT tgrelid::regclass::text, pg_get_triggerdef(oid) FROM pg_trigger "
    "WHERE NOT tgisinternal",
    "functions": "SELECT oid::regprocedure::text, prosrc FROM pg_proc "
    "WHERE pronamespace = 'public'::regnamespace",
}


def postgresql_tables(server, name):
    """Every table pg_tables lists outside the system schemas, with its rows in
    PostgreSQL's own text form, and the schema's extensions, sequences, indexes,
    constraints, triggers and functions."""
    with psycopg.connect(dbname=name, **connection_arguments(server)) as database:
        names = database.execute(
            "SELECT schemaname, tablename FROM pg_tables "
            "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2"
        ).fetchall()
        tables = {
            f"{schema}.{table}" if schema != "public" else table: [
                row
                for (row,) in database.execute(
                    sql.SQL("SELECT t::text FROM {}.{} AS t").format(
                        sql.Identifier(schema), sql.Identifier(table)
                    )
                )
            ]
            for schema, table in names
        }
        schema = {
            kind: sorted(database.execute(query).fetchall())
            for kind, query in SCHEMA_QUERIES.items()
        }
    return tables, schema


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the suite's database is not PostgreSQL"
)
def test_postgresql_backup_restores_every_row(tmp_path, postgresql_server):
    server, names = postgresql_server
    values = {
        "python": sys.executable,
        "database_url": postgresql_url(server, names["source"]),
        "dump": str(tmp_path / "passerelle.dump"),
        "host": server["host"],
        "port": server["port"],
        "user": server["user"],
        "restored_name": names["restored"],
        "restored_url": postgresql_url(server, names["restored"]),
    }
    assert_documented(
        render(POSTGRESQL_BACKUP, README_VALUES),
        *(render(command, README_VALUES) for command in POSTGRESQL_RESTORE),
        render(CHECK, README_VALUES),
    )
    build_demo_database(values["database_url"])
    env = environment(PGPASSWORD=server["password"]) if server["password"] else environment()

    run(render(POSTGRESQL_BACKUP, values), env)
    for command in POSTGRESQL_RESTORE:
        run(render(command, values), env)
    run(render(CHECK, values), env)

    source_tables, source_schema = postgresql_tables(server, names["source"])
    restored_tables, restored_schema = postgresql_tables(server, names["restored"])
    for kind, objects in source_schema.items():
        assert restored_schema[kind] == objects, f"the restored {kind} differ"
    assert_identical(source_tables, restored_tables)
