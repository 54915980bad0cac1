"""The CeDS dashboard, the report pages and their exports, action items and sharing choices."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.models import Affiliation, Member
from members.permissions import is_secretariat
from wego.charts import radar_chart
from wego.pdf import html_to_pdf, pdf_response
from wego.web import errors_to_messages, form_errors_to_messages

from .. import services
from ..forms import ActionItemForm, ProfileForm
from ..help import weak_dimensions
from ..models import ActionItem, Investigation
from ..permissions import can_run_ceds, can_view_member_scores
from ..reporting import dashboard_context, report_context
from ..selectors import (
    benchmark_latest_year,
    benchmark_rows,
    benchmarking_partners,
    dimension_list,
    framework_current,
    investigation_get_for_user,
    investigation_list_for_member,
    latest_reported_investigation,
    profile_get,
    shared_member_list,
)
from ..workflows import action_item_statuses
from .common import member_choice


def _public_benchmarks(version) -> dict:
    """Averages of the latest year over five or more cities only, for everyone."""
    if version is None:
        return {}
    year = benchmark_latest_year(version_id=version.pk)
    if year is None:
        return {}
    rows = benchmark_rows(version_id=version.pk, year=year, kinds=["overall", "dimension"])
    dims = list(dimension_list(version=version))
    overall = {(r["kind"], r["code"]): r for r in rows["all"]}
    dimension_rows = [{"code": d.code, "name": d.name, "avg": overall.get(("dimension", d.code), {}).get("avg"),
                       "n": overall.get(("dimension", d.code), {}).get("n")} for d in dims]
    chart = None
    if any(r["avg"] is not None for r in dimension_rows):
        chart = radar_chart(
            [r["code"] for r in dimension_rows],
            [(_("WeGO member average"), [r["avg"] for r in dimension_rows])],
            title=_("WeGO member average in the six dimensions"),
            chart_id="radar-members",
        )
    return {"dimension_rows": dimension_rows, "overall": overall.get(("overall", "")), "chart": chart, "year": year}


def dashboard(request):
    """The CeDS home: a city's latest scores, radar, trend, systems map and action items; averages for others."""
    version = framework_current()
    context = {"version": version, "benchmarks": _public_benchmarks(version)}
    if not request.user.is_authenticated:
        return render(request, "ceds/dashboard.html", context)
    member, affiliations = member_choice(request)
    context.update(member=member, affiliations=affiliations, is_secretariat=is_secretariat(request.user))
    if affiliations or context["is_secretariat"]:
        context["shared_members"] = list(shared_member_list().exclude(pk=getattr(member, "pk", None)))
    if member is not None:
        investigations = list(investigation_list_for_member(member=member))
        data = dashboard_context(member=member)
        for row in data.get("actions", []):
            # The statuses this user may choose now: the item's own and where the workflow lets it go.
            row["statuses"] = action_item_statuses(row["item"], request.user)
        officials = [a.user for a in Affiliation.objects.filter(member=member).select_related("user")]
        profile = profile_get(member=member)
        partners = benchmarking_partners(member=member, investigation=data["latest"]) if data.get("latest") else []
        context.update(
            data,
            investigations=investigations,
            officials=officials,
            drafts=[i for i in investigations if i.is_draft],
            can_run=can_run_ceds(request.user, member),
            profile_form=ProfileForm(initial={"share_results": profile.share_results,
                                              "partner_opt_out": profile.partner_opt_out}),
            partners=partners,
            dimension_names={d.code: d.name for d in dimension_list(version=data["latest"].version)} if data.get("latest") else {},
        )
    return render(request, "ceds/dashboard.html", context)


@login_required
def report(request, pk: int):
    """Reports I–III of an investigation; while they are being computed, their progress (refreshing itself)."""
    investigation = investigation_get_for_user(user=request.user, pk=pk)
    if investigation.is_draft:
        return redirect("ceds:investigation", pk)
    context = report_context(investigation=investigation)
    context["investigation"] = investigation
    context["computing"] = not context["ready"] and investigation.report_status != Investigation.ReportStatus.FAILED
    if context["ready"]:
        context["weak_dimensions"] = weak_dimensions(investigation=investigation)
    return render(request, "ceds/report.html", context)


def _report_or_404(request, pk: int):
    investigation = investigation_get_for_user(user=request.user, pk=pk)
    context = report_context(investigation=investigation)
    if not context["ready"]:
        raise Http404
    return investigation, context


@login_required
def report_pdf(request, pk: int):
    """Reports I–III as a PDF (wego.pdf: WeasyPrint that fetches nothing)."""
    investigation, context = _report_or_404(request, pk)
    html = render_to_string("ceds/report_pdf.html", context, request=request)
    return pdf_response(
        html_to_pdf(html),
        filename=f"ceds-report-{investigation.member.slug}-{investigation.year}-{investigation.slot}.pdf",
        inline=False,
    )


def report_csv_rows(context: dict) -> list[list]:
    rows = [["report", "kind", "code", "name", "score", "previous", "member_average", "region_average", "size_average"]]
    for kind, report_name, items in (
        ("overall", "I", context["overall_rows"]),
        ("dimension", "II", context["dimension_rows"]),
        ("group", "III", context["group_rows"]),
    ):
        for r in items:
            rows.append([report_name, kind, r["code"], r["name"], r["score"], r["previous"],
                         r["member_avg"], r["region_avg"], r["size_avg"]])
    for g in context["group_rows"]:
        for code, name in g["present"]:
            rows.append(["III", "system_present", code, name, "", "", "", "", ""])
        for code, name in g["missing"]:
            rows.append(["III", "system_missing", code, name, "", "", "", "", ""])
        for n in g["next"]:
            rows.append(["III", "system_next", n["code"], n["name"], "", "", "", "", ""])
    return rows


@login_required
def report_csv(request, pk: int):
    """The data of reports I–III as CSV."""
    investigation, context = _report_or_404(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="ceds-report-{investigation.member.slug}-{investigation.year}-{investigation.slot}.csv"'
    )
    writer = csv.writer(response)
    for row in report_csv_rows(context):
        writer.writerow(["" if v is None else v for v in row])
    return response


@login_required
@require_POST
def action_update(request, pk: int):
    """Accept / dismiss / complete an action item, assign it, set its due date."""
    item = get_object_or_404(ActionItem.objects.select_related("member"), pk=pk)
    if not can_run_ceds(request.user, item.member):
        raise Http404
    officials = [a.user for a in Affiliation.objects.filter(member=item.member).select_related("user")]
    form = ActionItemForm(request.POST, officials=officials, prefix=f"a{item.pk}")
    url = f"{reverse('ceds:dashboard')}?member={item.member_id}#actions"
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect(url)
    assignee_id = form.cleaned_data["assignee"]
    assignee = next((u for u in officials if u.pk == assignee_id), None)
    try:
        services.action_item_update(
            item=item, by=request.user, status=form.cleaned_data["status"], assignee=assignee,
            clear_assignee=assignee_id is None, due_on=form.cleaned_data["due_on"],
        )
        messages.success(request, _("Action item updated."))
    except ValidationError as exc:
        errors_to_messages(request, exc)
    return redirect(url)


@login_required
@require_POST
def profile_update(request):
    """The member's choices: share its scores, be suggested as a benchmarking partner."""
    member, _affiliations = member_choice(request, required=True)
    if not can_run_ceds(request.user, member):
        raise Http404
    form = ProfileForm(request.POST)
    if form.is_valid():
        services.profile_update(member=member, by=request.user, **form.cleaned_data)
        messages.success(request, _("Your sharing choices are saved."))
    return redirect(f"{reverse('ceds:dashboard')}?member={member.pk}#sharing")


def shared_city(request, slug: str):
    """A member's latest scores, visible to other members' officials only if that member shares them."""
    member = get_object_or_404(Member, slug=slug)
    if not request.user.is_authenticated or not can_view_member_scores(request.user, member):
        raise Http404
    latest = latest_reported_investigation(member=member)
    context = {"member": member, "latest": latest}
    if latest is not None:
        context["report"] = report_context(investigation=latest)
    return render(request, "ceds/shared_city.html", context)


