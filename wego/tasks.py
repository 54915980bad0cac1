"""Platform tasks: sending email outside the request."""

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives


@shared_task(bind=True, acks_late=True, max_retries=5, default_retry_delay=60)
def send_email_task(self, subject: str, body: str, to: list[str], html: str | None = None, from_email: str | None = None) -> int:
    """Send one email. Retried on transient SMTP errors; sending twice is the only risk of a retry."""
    message = EmailMultiAlternatives(subject, body, from_email or settings.DEFAULT_FROM_EMAIL, to)
    if html:
        message.attach_alternative(html, "text/html")
    try:
        return message.send()
    except OSError as exc:  # connection refused, timeouts: try again later
        raise self.retry(exc=exc)
