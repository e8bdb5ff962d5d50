"""The `kindmind` command: serving, administration and the pure cores."""

from __future__ import annotations

import os
import signal
import sys

HELP = """\
usage: kindmind COMMAND [options]

kindmind: Compassion-Focused Therapy and Compassionate Mind Training, in a person's day.

Commands:
  serve         migrate if needed, then serve it (waitress: safe without a proxy)
  createuser    create an account (a client, or a clinician with --clinician)
  housekeeping  clear ended sessions and old sign-in records (`serve` runs it hourly)
  backup        write an encrypted backup of the database to PATH (safe while serving)
  restore       bring a backup back into an empty database
  deleteaccount delete an account and everything in it, for a request made by email
  reminders     send the reminders that are due, each exactly once (--loop, under a supervisor)
  migrate       apply database migrations
  rotate-keys   encrypt everything again under the newest key (--new-key prints one)
  check         check the configuration (add --deploy for production checks)
  shell         a Python shell with kindmind loaded
  measures      score outcome measures and reliable change as JSON (list | score | rci)
  analyse       analyse texts (JSON lines in, one JSON result per line out; --plain)
  language      text analysis models: `kindmind language train` rebuilds them
  bench         run the benchmarks: `kindmind bench language|encryption [--json PATH]`,
                `kindmind bench web [--quick] [--database-url URL] [--json PATH]`,
                `kindmind bench scale [--quick|--large] [--database-url URL] [--json PATH]`,
                `kindmind bench faults [--quick] [--only a,b,c,d] [--json PATH]`

Any other Django management command works too: `kindmind help --commands` lists them,
`kindmind COMMAND --help` explains one.

Configuration comes from the environment: see README.md, "Configuration".
"""


def _stop_cleanly_when_told() -> None:
    """A bench told to stop (SIGTERM, or SIGHUP when its terminal closes) stops as after
    Ctrl-C: its `finally` blocks stop the servers it started and remove the databases
    and folders it made. Python's default for these two signals ends the process at
    once, leaving all of those behind."""

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("-h", "--help"):
        sys.stdout.write(HELP)
        return
    if args[0] == "measures":
        # A pure core: answered before Django is set up, so it is fast and needs no
        # database or settings.
        from kindmind.measures.cli import main as measures

        sys.exit(measures(args[1:]))
    if args[:2] == ["bench", "web"]:
        # Pages under load against a real server: needs Django, seeds its own database.
        from kindmind.front import bench_web

        _stop_cleanly_when_told()
        sys.exit(bench_web.main(args[2:]))
    if args[:2] == ["bench", "faults"]:
        # Faults under load (a database restart, a killed worker, hostile input) against
        # servers it starts itself on loopback.
        from kindmind.front import bench_faults

        _stop_cleanly_when_told()
        sys.exit(bench_faults.main(args[2:]))
    if args[:2] == ["bench", "scale"]:
        # One person's pages as the database grows around them: seeds its own database.
        from kindmind.front import bench_scale

        _stop_cleanly_when_told()
        sys.exit(bench_scale.main(args[2:]))
    if args[0] in ("analyse", "language", "bench"):
        # The text-analysis core, also before Django: start-up under a second.
        from kindmind.language import cli as language

        if args[0] == "analyse":
            sys.exit(language.analyse_main(args[1:]))
        if args[0] == "language":
            sys.exit(language.language_main(args[1:]))
        sys.exit(language.bench_main(args[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kindmind.settings")
    from django.core.management import execute_from_command_line

    # Django's command names are module names: `rotate-keys` is rotate_keys.py.
    if args[0] == "rotate-keys":
        args = ["rotate_keys", *args[1:]]
    execute_from_command_line(["kindmind", *args])


if __name__ == "__main__":
    main()
