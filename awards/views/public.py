"""Public pages of the Awards: the showcase, an edition, an entry, voting, certificates."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.permissions import is_secretariat
from wego.files import file_response
from wego.forms import parse_id
from wego.web import errors_to_messages

from .. import selectors, services
from ..models import Edition, Entry, EntryDocument, EntryImage, Prize
from ..pdf import certificate_pdf
from ..permissions import can_edit_entry, can_view_entry, is_assigned_judge, is_entry_member_official
from ..ratelimit import client_ip, hit

IMAGE_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp", "gif": "image/gif"}
VOTE_LIMIT_USER = (10, 60)  # attempts per account per minute
VOTE_LIMIT_IP = (60, 600)  # attempts per address per ten minutes


def index(request):
    """The showcase: the edition in progress and the winners of every announced edition."""
    winners = list(selectors.winner_list())
    editions = list(selectors.edition_list_public())
    current = next((e for e in editions if e.status != Edition.Status.ANNOUNCED), None)
    return render(
        request,
        "awards/index.html",
        {"winners": winners, "editions": editions, "current": current},
    )


def edition(request, year: int):
    """One edition: phases and dates, categories, finalists once published, winners once announced."""
    try:
        edition = selectors.edition_get_public(year=year)
    except Edition.DoesNotExist:
        raise Http404
    finalists = selectors.finalists_by_category(edition=edition) if edition.reached(Edition.Status.VOTING) else []
    prizes = list(selectors.prize_list(edition=edition)) if edition.is_published else []
    return render(
        request, "awards/edition.html", {"edition": edition, "finalists": finalists, "prizes": prizes}
    )


def _entry_for(request, pk: int) -> Entry:
    try:
        entry = selectors.entry_get(pk=pk)
    except Entry.DoesNotExist:
        raise Http404
    if not can_view_entry(request.user, entry):
        raise Http404  # others' entries are not even acknowledged
    return entry


def entry_detail(request, pk: int):
    """An entry: the applicant and their member's officials see its status; judges and the public see the project."""
    entry = _entry_for(request, pk)
    is_owner = can_edit_entry(request.user, entry)
    prize = Prize.objects.filter(entry=entry, edition__status=Edition.Status.ANNOUNCED).first()
    assignment = None
    if is_assigned_judge(request.user, entry):
        assignment = entry.assignments.filter(judge__user=request.user).first()
    return render(
        request,
        "awards/entry_detail.html",
        {"entry": entry, "is_owner": is_owner, "assignment": assignment, "prize": prize,
         "show_status": bool(is_owner or is_entry_member_official(request.user, entry) or is_secretariat(request.user))},
    )


def entry_image(request, pk: int, image_id: int):
    """Serve an entry's image to those who may see the entry (drafts stay private)."""
    entry = _entry_for(request, pk)
    image = get_object_or_404(EntryImage, pk=image_id, entry=entry)
    extension = image.image.name.rsplit(".", 1)[-1].lower()
    content_type = IMAGE_TYPES.get(extension, "application/octet-stream")
    # Inline: it is shown in an <img>; Pillow checked it on upload and nosniff keeps it an image.
    return file_response(image.image, content_type=content_type, inline=True)


def entry_document(request, pk: int, doc_id: int):
    """Serve an entry's PDF, as a download, to those who may see the entry."""
    entry = _entry_for(request, pk)
    document = get_object_or_404(EntryDocument, pk=doc_id, entry=entry)
    return file_response(document.file, content_type="application/pdf")


def _visitor_seed(request) -> str:
    """A random seed kept in the visitor's session: finalists appear in an order of their own."""
    seed = request.session.get("awards_seed")
    if not seed:
        seed = secrets.token_hex(8)
        request.session["awards_seed"] = seed
    return seed


def vote(request, status: int = 200):
    """Public voting: each category's finalists in an order random per visitor; one vote per category."""
    edition = Edition.objects.filter(status=Edition.Status.VOTING).order_by("-year").first()
    if edition is None:
        return render(request, "awards/vote.html", {"edition": None}, status=status)
    my_votes = selectors.votes_of_user(user=request.user, edition=edition)
    groups = [
        (category, finalists, my_votes.get(category.pk))
        for category, finalists in selectors.finalists_by_category(edition=edition, seed=_visitor_seed(request))
    ]
    verified = services.user_is_verified(request.user)
    return render(
        request,
        "awards/vote.html",
        {"edition": edition, "groups": groups, "verified": verified,
         "open": edition.accepts_votes},
        status=status,
    )


@require_POST
def vote_cast(request):
    """Cast a vote (a finalist chosen in one category's form). Rate limited per account and per address."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={reverse('awards:vote')}")
    ip = client_ip(request)
    if not (hit(f"user:{request.user.pk}", limit=VOTE_LIMIT_USER[0], window=VOTE_LIMIT_USER[1])
            and hit(f"ip:{ip}", limit=VOTE_LIMIT_IP[0], window=VOTE_LIMIT_IP[1])):
        messages.error(request, _("Too many attempts. Please wait a few minutes and try again."))
        return vote(request, status=429)
    entry_id = parse_id(request.POST.get("entry"))
    entry = Entry.objects.filter(pk=entry_id).first() if entry_id is not None else None
    if entry is None:
        messages.error(request, _("Choose one of the finalists."))
        return redirect("awards:vote")
    try:
        services.vote_cast(user=request.user, entry=entry, ip=ip)
        messages.success(request, _("Thank you: your vote for “%(title)s” is recorded.") % {"title": entry.title})
    except ValidationError as exc:
        errors_to_messages(request, exc)
    return redirect("awards:vote")


def certificate(request, pk: int):
    """The certificate of a published prize, as a PDF."""
    try:
        prize = selectors.prize_get_public(pk=pk)
    except Prize.DoesNotExist:
        raise Http404
    return certificate_pdf(prize)
