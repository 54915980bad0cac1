"""Move private uploads stored before the private storage existed out of MEDIA_ROOT.

Every FileField/ImageField whose storage is the private storage (wego.storage) is looked at; a file
its rows name that still sits under MEDIA_ROOT is moved to the same name under PRIVATE_MEDIA_ROOT,
so the database needs no change. Safe to run again: a file already moved is left alone. A command
rather than a data migration: it touches files, not rows, can be dry-run, and a failure leaves the
database untouched. `make run` and the web container run it after `migrate`.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.management.base import BaseCommand
from django.db import models
from django.utils._os import safe_join

from wego.storage import PrivateMediaStorage


def private_file_fields():
    """(model, field) for every file field stored privately, in every installed app."""
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField) and isinstance(field.storage, PrivateMediaStorage):
                yield model, field


class Command(BaseCommand):
    help = "Move private uploads (signed letters, attachments, …) from MEDIA_ROOT to PRIVATE_MEDIA_ROOT."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only list what would be moved.")

    def handle(self, *args, dry_run: bool = False, **options):
        public_root = Path(settings.MEDIA_ROOT)
        moved = already = missing = conflicts = 0
        for model, field in private_file_fields():
            names = (
                model._default_manager.exclude(**{field.name: ""})
                .exclude(**{f"{field.name}__isnull": True})
                .values_list(field.name, flat=True)
                .distinct()
            )
            for name in names.iterator():
                try:
                    source = Path(safe_join(public_root, name))
                    target = Path(field.storage.path(name))
                except SuspiciousFileOperation:
                    self.stderr.write(f"skipped {model._meta.label}.{field.name}: unsafe name {name!r}")
                    continue
                if target.exists():
                    if source.exists():
                        # Both exist: a later upload took the same name. Keep both for a person to sort out.
                        conflicts += 1
                        self.stderr.write(f"conflict {model._meta.label}.{field.name}: {name} is in both roots")
                    else:
                        already += 1
                    continue
                if not source.exists():
                    missing += 1
                    self.stderr.write(f"missing {model._meta.label}.{field.name}: {name}")
                    continue
                self.stdout.write(f"{'would move' if dry_run else 'moved'} {name}")
                if not dry_run:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.move(os.fspath(source), os.fspath(target))
                moved += 1
        verb = "to move" if dry_run else "moved"
        self.stdout.write(f"{moved} {verb}, {already} already private, {missing} missing, {conflicts} in both roots.")
