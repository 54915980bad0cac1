"""Verify an election: the log's hash chain, the roll hash, the sealed ballots and a recount of the tally."""

from django.core.management.base import BaseCommand, CommandError

from governance.models import Election
from governance.verification import verify_election


class Command(BaseCommand):
    help = "Recompute an election's hash chain, roll hash, ballot digest and tally; exit non-zero on any mismatch."

    def add_arguments(self, parser):
        parser.add_argument("election_id", type=int)

    def handle(self, *args, election_id: int, **options):
        election = Election.objects.filter(pk=election_id).first()
        if election is None:
            raise CommandError(f"No election with id {election_id}.")
        problems = verify_election(election)
        entries = election.log.count()
        if problems:
            for problem in problems:
                self.stderr.write(f"MISMATCH {problem}")
            raise CommandError(f"Election {election_id} ({election.title}): {len(problems)} mismatch(es).", returncode=2)
        self.stdout.write(
            f"OK election {election_id} ({election.title}): {entries} log entries chained, status {election.status}"
            + (f", roll {election.roll_hash[:12]}…" if election.roll_hash else "")
            + (f", result {election.result_hash[:12]}… recounted" if election.result_hash else "")
        )
