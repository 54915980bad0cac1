"""`manage.py workflows [KEY ...]`: print the declared state machines, one table each.

Each row is a transition: its name and label, the states it starts from and leads to, who may take
it and what it requires. `--check` exits non-zero when a table names a state its field does not have.
"""

from django.core.management.base import BaseCommand, CommandError

from wego.workflows import workflows


class Command(BaseCommand):
    help = "Print the portal's declared workflows (state, transitions, who may, what is required)."

    def add_arguments(self, parser):
        parser.add_argument("keys", nargs="*", help="Only these workflows (e.g. members.application).")
        parser.add_argument("--check", action="store_true", help="Fail when a table names an unknown state.")

    def handle(self, *args, keys, check, **options):
        flows = [f for f in workflows if not keys or f.key in keys]
        unknown = set(keys) - {f.key for f in flows}
        if unknown:
            raise CommandError(f"No workflow {', '.join(sorted(unknown))}; known: "
                               f"{', '.join(f.key for f in workflows)}")
        problems = []
        for flow in flows:
            self.stdout.write(self.style.MIGRATE_HEADING(f"{flow.key} — {flow.model.__name__}.{flow.field}"))
            if flow.description:
                self.stdout.write(f"  {flow.description}")
            self.stdout.write("  states: " + ", ".join(f"{value} ({label})" for value, label in flow.states))
            for row in flow.rows():
                self.stdout.write(f"  {row['name']}: {row['label']}")
                self.stdout.write(f"      from {row['from']}  →  {row['to']}")
                self.stdout.write(f"      who: {row['who']};  requires: {row['requires']}")
            self.stdout.write("")
            problems += flow.validate()
        if check and problems:
            raise CommandError("\n".join(problems))
