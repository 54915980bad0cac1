from allauth.account.adapter import DefaultAccountAdapter

from .mail import queue_email


class AccountAdapter(DefaultAccountAdapter):
    """allauth's mails (verification, password reset …) go out through a Celery task."""

    def send_mail(self, template_prefix, email, context):
        message = self.render_mail(template_prefix, email, context)
        html = None
        for alternative in getattr(message, "alternatives", []) or []:
            if alternative[1] == "text/html":
                html = alternative[0]
        queue_email(to=list(message.to), subject=message.subject, body=message.body, html=html)

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        data = getattr(form, "cleaned_data", {})
        user.name = data.get("name", "") or user.name
        if data.get("preferred_language"):
            user.preferred_language = data["preferred_language"]
        if commit:
            user.save()
        return user
