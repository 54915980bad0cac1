"""The gap-to-help pages: for an action item or a weak dimension, what the network offers (wego.router),
ranked with the reason; the city's notes on the item; a request to a peer city."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.models import Member
from members.permissions import is_secretariat
from wego.router import grouped, offers_for
from wego.web import errors_to_form, errors_to_messages, form_errors_to_messages

from .. import services
from ..forms import ActionNoteForm, PeerContactForm
from ..help import gap_for_action_item, weak_dimensions
from ..models import ActionItem, CedsProfile
from ..permissions import can_run_ceds
from ..selectors import investigation_get_for_user


def _item_for(request, pk: int, *, write: bool = False) -> ActionItem:
    """The action item for its city's officials (and, to read, the Secretariat); 404 for anyone else."""
    item = get_object_or_404(ActionItem.objects.select_related("member", "investigation", "assignee"), pk=pk)
    if can_run_ceds(request.user, item.member) or (not write and is_secretariat(request.user)):
        return item
    raise Http404


@login_required
def action_help(request, pk: int):
    """An action item's gap and the help on offer for it, best first."""
    item = _item_for(request, pk)
    gap = gap_for_action_item(item)
    offers = offers_for(gap, member=item.member, user=request.user)
    return render(request, "ceds/help.html", {
        "item": item, "member": item.member, "gap": gap, "groups": grouped(offers), "count": len(offers),
        "can_edit": can_run_ceds(request.user, item.member),
        "note_form": ActionNoteForm(initial={"note": item.note}),
        "back": f"{reverse('ceds:dashboard')}?member={item.member_id}#actions",
    })


@login_required
@require_POST
def action_note(request, pk: int):
    item = _item_for(request, pk, write=True)
    form = ActionNoteForm(request.POST)
    if form.is_valid():
        try:
            services.action_item_note_save(item=item, note=form.cleaned_data["note"], by=request.user)
            messages.success(request, _("Notes saved. Letters and requests drafted from this gap now include them."))
        except ValidationError as exc:
            errors_to_messages(request, exc)
    else:
        form_errors_to_messages(request, form)
    return redirect("ceds:action_help", item.pk)


@login_required
def dimension_help(request, pk: int, code: str):
    """A weak dimension of a report and the help on offer for it."""
    investigation = investigation_get_for_user(user=request.user, pk=pk)
    gaps = {gap.code: gap for gap in weak_dimensions(investigation=investigation, limit=99)}
    gap = gaps.get(code)
    if gap is None:
        raise Http404
    offers = offers_for(gap, member=investigation.member, user=request.user)
    return render(request, "ceds/help.html", {
        "investigation": investigation, "member": investigation.member, "gap": gap, "groups": grouped(offers),
        "count": len(offers), "back": reverse("ceds:report", args=[investigation.pk]),
    })


@login_required
def peer_contact(request, pk: int, slug: str):
    """Write to a peer city that closed the same gap (its focal points get the message by mail)."""
    item = _item_for(request, pk, write=True)
    peer = get_object_or_404(Member.objects.active(), slug=slug)
    if not CedsProfile.objects.filter(member=peer, share_results=True).exists() or peer.pk == item.member_id:
        raise Http404
    gap = gap_for_action_item(item)
    if request.method == "POST":
        form = PeerContactForm(request.POST)
        if form.is_valid():
            try:
                services.peer_contact_send(item=item, peer=peer, message=form.cleaned_data["message"], by=request.user)
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("Your message is on its way to the focal points of %(city)s. "
                                            "They will reply to your email address.") % {"city": peer.name})
                return redirect("ceds:action_help", item.pk)
    else:
        greeting = _("Dear colleagues in %(city)s,") % {"city": peer.name}
        ask = _("Your city improved on %(gap)s. Could you tell us how you did it, and whom we could talk to?") % {"gap": gap.label}
        form = PeerContactForm(initial={"message": f"{greeting}\n\n{gap.draft_text()}\n\n{ask}"})
    return render(request, "ceds/peer_contact.html", {"item": item, "peer": peer, "form": form, "gap": gap})
