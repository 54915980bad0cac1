"""Membership applications by signed-in users of non-member organisations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wego.files import file_response
from wego.web import errors_to_form, errors_to_messages

from .. import services
from ..forms import ApplicationForm
from ..models import MembershipApplication
from ..selectors import application_list_for_user


@login_required
def application_list(request):
    """The user's applications with their status and, for a rejection, the reason."""
    return render(
        request,
        "members/apply/list.html",
        {"applications": application_list_for_user(user=request.user), "verification_days": services.verification_days()},
    )


@login_required
def application_edit(request, pk: int | None = None):
    """Fill in (or go on with) a draft application; 'Submit' sends it to the Secretariat."""
    application = None
    if pk is not None:
        application = get_object_or_404(MembershipApplication, pk=pk, applicant=request.user)
        if application.status != MembershipApplication.Status.DRAFT:
            return render(
                request, "members/apply/detail.html",
                {"application": application, "verification_days": services.verification_days()},
            )
    form = ApplicationForm(request.POST or None, request.FILES or None, instance=application)
    if application is not None and application.letter:
        form.fields["letter"].widget.download_url = reverse("members:apply-letter", args=[application.pk])
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "letter"}
        letter = request.FILES.get("letter")
        try:
            application = services.application_save_draft(
                applicant=request.user, data=data, letter=letter, application=application
            )
            if "submit" in request.POST:
                application = services.application_submit(application=application, by=request.user)
                if application.status == MembershipApplication.Status.VERIFYING:
                    messages.success(
                        request,
                        _("Your application is submitted: %(name)s is now an Associate member of WeGO and you are "
                          "its focal point. The Secretariat verifies the application by %(date)s.")
                        % {"name": application.name, "date": date_format(application.verification_due_on)},
                    )
                    return redirect(f"{reverse('members:my')}?member={application.member_id}")
                messages.success(
                    request,
                    _("Your application is submitted. The Secretariat will review it and write to you by email."),
                )
                return redirect("members:apply")
            messages.success(request, _("Draft saved. You can come back and finish it later."))
            return redirect("members:apply-edit", pk=application.pk)
        except ValidationError as exc:
            errors_to_form(form, exc)
    return render(
        request, "members/apply/form.html",
        {"form": form, "application": application, "verification_days": services.verification_days()},
    )


@login_required
def application_letter(request, pk: int):
    """The applicant downloads the signed letter of their own application (others: 404)."""
    application = get_object_or_404(MembershipApplication, pk=pk, applicant=request.user)
    return file_response(application.letter, filename=f"application-letter-{application.pk}.pdf",
                         content_type="application/pdf")


@login_required
@require_POST
def application_cancel(request, pk: int):
    application = get_object_or_404(MembershipApplication, pk=pk, applicant=request.user)
    try:
        services.application_cancel(application=application, by=request.user)
        messages.success(request, _("Your application is cancelled."))
    except ValidationError as exc:
        errors_to_messages(request, exc)
    return redirect("members:apply")
