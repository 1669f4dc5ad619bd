"""The `healthjustice` command: run the demo, serve in production, seed, check."""

import argparse
import os
import shutil
import sys
from pathlib import Path

import environ

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent.parent
BUILT_ASSETS = PACKAGE_DIR / "core" / "static" / "build" / "app.css"


def _setup_django(environment: str | None = None) -> None:
    if environment:
        os.environ.setdefault("HJ_ENVIRONMENT", environment)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "healthjustice.config.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as error:
        sys.exit(f"Configuration error: {error}. See .env.example for every setting.")


def _call(*args: str) -> None:
    from django.core.management import call_command

    call_command(*args)


def _require_assets() -> None:
    if not BUILT_ASSETS.exists():
        sys.exit(
            "The front-end assets are not built. Run `make assets` (npm ci && npm run build) first."
        )


def _prepare_database() -> None:
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    _call("compile_translations")
    _call("migrate", "--noinput", "--verbosity", "0")
    _call("seed")


def demo(args: argparse.Namespace) -> None:
    _setup_django("development")
    _require_assets()
    _prepare_database()
    if args.setup_only:
        print("Demo database ready.")
        return
    print()
    print(f"Health Justice Partnership demo: http://127.0.0.1:{args.port}/")
    print()
    print("Demo logins (email, password, role, organisation):")
    _print_demo_users()
    print()
    print("Press Ctrl+C to stop.", flush=True)
    _call("runserver", f"127.0.0.1:{args.port}", "--noreload", "--skip-checks")


def _print_demo_users() -> None:
    from healthjustice.core.demo import demo_logins

    for row in demo_logins():
        print("\t".join(row))


def demo_users(args: argparse.Namespace) -> None:
    _setup_django("development")
    _print_demo_users()


def seed(args: argparse.Namespace) -> None:
    _setup_django()
    _call("migrate", "--noinput", "--verbosity", "0")
    _call("seed")


def serve(args: argparse.Namespace) -> None:
    _setup_django("production")
    from django.core.management import call_command

    try:
        call_command("migrate", "--check", "--verbosity", "0")
    except SystemExit:
        sys.exit("The database has unapplied migrations: run `healthjustice manage migrate` first.")
    _call("compile_translations")
    _call("collectstatic", "--noinput", "--verbosity", "0")
    gunicorn = shutil.which("gunicorn") or str(Path(sys.executable).parent / "gunicorn")
    bind = f"{args.host}:{args.port}"
    workers = os.environ.get("WEB_CONCURRENCY", "3")
    os.execv(  # noqa: S606 (replaces this process with gunicorn, arguments are ours)
        gunicorn,
        [
            gunicorn,
            "healthjustice.config.wsgi:application",
            "--bind",
            bind,
            "--workers",
            workers,
            "--access-logfile",
            "-",
            "--forwarded-allow-ips",
            os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        ],
    )


def check(args: argparse.Namespace) -> None:
    _setup_django("production")
    from django.db import connection

    _call("check", "--deploy", "--fail-level", "WARNING")
    connection.ensure_connection()
    try:
        _call("migrate", "--check", "--verbosity", "0")
    except SystemExit:
        sys.exit("The database has unapplied migrations.")
    print("All deploy checks passed; the database is reachable and migrated.")


def manage(args: argparse.Namespace) -> None:
    _setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["healthjustice manage", *args.arguments])


def main(argv: list[str] | None = None) -> None:
    # Read `.env` before the defaults below look at the environment (HOST, PORT).
    environ.Env.read_env(PROJECT_DIR / ".env", overwrite=False)
    parser = argparse.ArgumentParser(prog="healthjustice", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    demo_parser = commands.add_parser(
        "demo", help="set up the demo (SQLite, demo data) and serve it"
    )
    demo_parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    demo_parser.add_argument("--setup-only", action="store_true", help="prepare, do not serve")
    demo_parser.set_defaults(handler=demo)

    commands.add_parser("demo-users", help="one tab-separated line per demo login").set_defaults(
        handler=demo_users
    )
    commands.add_parser("seed", help="migrate and load the demo data").set_defaults(handler=seed)

    serve_parser = commands.add_parser("serve", help="production server (gunicorn)")
    serve_parser.add_argument("--host", default=os.environ.get("HOST", "0.0.0.0"))  # noqa: S104
    serve_parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    serve_parser.set_defaults(handler=serve)

    commands.add_parser("check", help="deploy checks, database and migrations").set_defaults(
        handler=check
    )
    manage_parser = commands.add_parser("manage", help="any Django management command")
    manage_parser.add_argument("arguments", nargs=argparse.REMAINDER)
    manage_parser.set_defaults(handler=manage)

    args = parser.parse_args(argv)
    args.handler(args)


if __name__ == "__main__":
    main()
