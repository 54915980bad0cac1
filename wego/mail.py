"""Queue an email through Celery once the current transaction commits."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .tasks import send_email_task


def absolute_url(path: str) -> str:
    """A full link to a portal path, for emails (SITE_URL is the portal's public address)."""

    return f"{settings.SITE_URL}{path}" if path.startswith("/") else path


def queue_email(*, to: list[str], subject: str, body: str, html: str | None = None) -> None:

    recipients = [address for address in to if address]
    if not recipients:
        return
    transaction.on_commit(lambda: send_email_task.delay(subject, body, recipients, html))


def queue_templated_email(*, to: list[str], template: str, context: dict, language: str | None = None) -> None:
    """Render `<template>_subject.txt` and `<template>_message.txt` in the recipient's language and queue them."""
    with translation.override(language or translation.get_language()):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_message.txt", context)
    queue_email(to=to, subject=f"[WeGO Portal] {subject}", body=body)
