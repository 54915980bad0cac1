"""Verify an election: the log's hash chain and its end, the roll hash, the sealed ballots and a recount of the tally."""

from django.core.management.base import BaseCommand, CommandError

from governance.models import Election
from governance.verification import verify_election


class Command(BaseCommand):
    help = (
        "Recompute an election's hash chain (and check its end against the head kept on the election), roll hash, "
        "ballot digest and tally, comparing every stored result field with a fresh recount; exit non-zero on any "
        "mismatch. --head HASH: a head hash kept from the results page, the API or a mail, which the log must contain."
    )

    def add_arguments(self, parser):
        parser.add_argument("election_id", type=int)
        parser.add_argument("--head", default="", help="A log head hash published earlier, which the log must still contain.")

    def handle(self, *args, election_id: int, head: str = "", **options):
        election = Election.objects.filter(pk=election_id).first()
        if election is None:
            raise CommandError(f"No election with id {election_id}.")
        problems = verify_election(election, head=head.strip().lower())
        entries = election.log.count()
        if problems:
            for problem in problems:
                self.stderr.write(f"MISMATCH {problem}")
            raise CommandError(f"Election {election_id} ({election.title}): {len(problems)} mismatch(es).", returncode=2)
        self.stdout.write(
            f"OK election {election_id} ({election.title}): {entries} log entries chained, head {election.log_head_hash}, "
            f"status {election.status}"
            + (f", roll {election.roll_hash[:12]}…" if election.roll_hash else "")
            + (f", result {election.result_hash[:12]}… recounted, every stored field matches" if election.result_hash else "")
            + (", the kept head is in the log" if head else "")
        )
