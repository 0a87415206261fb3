"""`flask staff …`: accounts exist only through these commands or an admin in the staff area."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select

from alleyweb.core.database import write_intent
from alleyweb.extensions import db
from alleyweb.staff import auth
from alleyweb.staff.models import ROLES, StaffUser

staff_cli = AppGroup("staff", help="Staff accounts.")


def _read_password() -> str:
    """From a hidden prompt on a terminal, else the first line of standard input; never an argument."""
    if sys.stdin.isatty():
        return click.prompt("Password (15+ characters)", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


@staff_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--types", default="", help="Comma-separated submission types this officer may see (default: all).")
def create(email, role, types):
    """Create an account. Prints the TOTP provisioning URI for the officer's authenticator app."""
    password = _read_password()
    try:
        with write_intent():
            user = auth.create_staff(email, password, role,
                                     allowed_types=[t.strip() for t in types.split(",") if t.strip()])
    except auth.AccountError as error:
        raise click.ClickException(str(error.args[0])) from None
    click.echo(f"Created {user.email} ({user.role}).")
    click.echo("Add this to an authenticator app (or scan the QR code shown at first sign-in):")
    click.echo(auth.provisioning_uri(user))


@staff_cli.command("list")
def list_():
    """Every account with its role and state."""
    for user in db.session.scalars(select(StaffUser).order_by(StaffUser.email)):
        state = "disabled" if user.disabled_at else ("active" if user.totp_confirmed_at else "awaiting first sign-in")
        click.echo(f"{user.email}\t{user.role}\t{state}")


@staff_cli.command("disable")
@click.argument("email")
def disable(email):
    """Disable an account and end all its sessions."""
    user = db.session.scalar(select(StaffUser).where(StaffUser.email == auth.normalise_email(email)))
    if user is None:
        raise click.ClickException("no such account")
    with write_intent():
        auth.set_disabled(user, True, by=None)
    click.echo(f"Disabled {user.email}; every session has ended.")
