"""Backups of the whole database and restoring them: `flask backup create FILE`, `flask backup restore FILE`.

SQLite: the library's online backup, a consistent copy even while workers write (WAL included).
PostgreSQL: pg_dump's custom format and pg_restore (the client tools, version ≥ the server's);
the password goes through the environment, never the command line.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.engine import make_url

from alleyweb.extensions import db

backup_cli = AppGroup("backup", help="Back up the database to a file, or restore it from one.")


class BackupError(Exception):
    pass


def _libpq_env(url) -> dict:
    env = dict(os.environ)
    for key, value in (("PGHOST", url.host), ("PGPORT", url.port), ("PGUSER", url.username),
                       ("PGPASSWORD", url.password), ("PGDATABASE", url.database)):
        if value is not None:
            env[key] = str(value)
    return env


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def create_backup(path: str | Path) -> Path:
    path = Path(path)
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            raise BackupError("an in-memory database has nothing to back up")
        source = sqlite3.connect(url.database)
        target = sqlite3.connect(path)
        try:
            with target:
                source.backup(target)
        finally:
            target.close()
            source.close()
    elif url.get_backend_name() == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(path)], _libpq_env(url))
    else:
        raise BackupError(f"no backup for {url.get_backend_name()}")
    return path


def restore_backup(path: str | Path) -> None:
    """Replace the database's contents with the backup's. Stop the workers first: they would keep
    serving from connections opened before."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    db.session.remove()
    db.engine.dispose()
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(path)
        target = sqlite3.connect(url.database)
        try:
            if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{path}: not an intact SQLite database")
            with target:
                source.backup(target)
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{path}: {error}") from error
        finally:
            target.close()
            source.close()
    elif url.get_backend_name() == "postgresql":
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error",
              "--dbname", url.database, str(path)], _libpq_env(url))
    else:
        raise BackupError(f"no restore for {url.get_backend_name()}")


@backup_cli.command("create")
@click.argument("file", type=click.Path(dir_okay=False))
def create_command(file):
    """Write a backup of the whole database to FILE."""
    try:
        path = create_backup(file)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"backup written to {path} ({path.stat().st_size:,} bytes)")


@backup_cli.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(file, yes):
    """Replace the database's contents with the backup in FILE (stop the site first)."""
    if not yes:
        click.confirm("This replaces everything in the database with the backup. Continue?", abort=True)
    try:
        restore_backup(file)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"database restored from {file}")
