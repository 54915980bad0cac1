"""Audit actions are a vocabulary (issue 13, point 7).

Each app declares the actions it records (`<app>/audit.py`, registered in its ready()); audit_record
refuses anything else; the admin's audit log shows the labels; the admin writes through the services.
The source is read with `ast`, so a new free-text action (or an f-string) anywhere fails here.
"""

from __future__ import annotations

import ast
import enum
import importlib
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.forms import MultiWidget

from awards.models import Edition
from finance.audit import AuditAction as FinanceAuditAction
from members import services as member_services
from members.audit import AuditAction as MembersAuditAction
from members.models import Affiliation
from tests.factories.awards import make_edition, make_judge
from tests.members.test_admin import member_form_data
from wego.audit import action_app, action_label, audit_record, declared_actions, register_actions
from wego.models import AuditEntry

ROOT = Path(__file__).resolve().parents[2]
APPS = ("wego", "members", "finance", "governance", "ceds", "feasibility", "awards", "training")
DOMAIN_APPS = APPS[1:]


# --- audit_record refuses what no app declared ---------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["members.test.done", "members.member.updatd", "", "awards.edition.open"])
def test_an_undeclared_action_is_refused_and_nothing_is_written(member, action):
    with pytest.raises(ValueError, match="undeclared audit action"):
        audit_record(action=action, target=member)
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_a_member_of_the_vocabulary_or_its_value_is_recorded_by_its_value(member):
    by_member = audit_record(action=MembersAuditAction.MEMBER_UPDATED, target=member)
    by_value = audit_record(action="members.member.updated", target=member)
    assert {by_member.action, by_value.action} == {"members.member.updated"}
    assert AuditEntry.objects.filter(action="members.member.updated").count() == 2


def test_every_app_registers_its_vocabulary_with_labels():
    declared = declared_actions()
    for app in DOMAIN_APPS:
        vocabulary = importlib.import_module(f"{app}.audit").AuditAction
        assert len(vocabulary) > 0
        for action in vocabulary:
            assert declared[action.value] == action.label
            assert action_app(action.value) == app
            assert str(action.label) and str(action.label) != action.value
    platform = importlib.import_module("wego.actions").AuditAction  # the platform's own (topics)
    assert len(declared) == len(platform) + sum(len(importlib.import_module(f"{a}.audit").AuditAction) for a in DOMAIN_APPS)


def test_labels_are_distinct_so_the_filter_can_be_read():
    labels = [str(label) for label in declared_actions().values()]
    assert len(labels) == len(set(labels))


def test_one_value_cannot_be_declared_by_two_apps():
    with pytest.raises(ImproperlyConfigured, match="members.member.updated"):
        register_actions("awards", [("members.member.updated", "Member updated")])
    assert action_app("members.member.updated") == "members"
    register_actions("members", MembersAuditAction)  # registering the same vocabulary again is harmless


# --- every action the code records is declared -----------------------------------------------------------


class Unresolved(Exception):
    pass


class _Module:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        self.package = self.name if path.name == "__init__.py" else self.name.rpartition(".")[0]
        self.tree = ast.parse(path.read_text())
        self.parents: dict[ast.AST, ast.AST] = {}
        for node in ast.walk(self.tree):
            for child in ast.iter_child_nodes(node):
                self.parents[child] = node
        self.top: dict[str, ast.AST] = {}
        self.imports: dict[str, tuple[str, str | None]] = {}
        for node in self.tree.body:
            if isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name) and node.value is not None:
                        self.top[target.id] = node.value
            elif isinstance(node, ast.ImportFrom):
                base = self.package.split(".")
                module = node.module or ""
                if node.level:
                    base = base[: len(base) - node.level + 1]
                    module = ".".join([*base, node.module] if node.module else base)
                for alias in node.names:
                    self.imports[alias.asname or alias.name] = (module, alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    self.imports[alias.asname or alias.name] = (alias.name, None)

    def where(self, node: ast.AST) -> str:
        return f"{self.path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}"

    def function_of(self, node: ast.AST) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                return node
        return None

    def imported(self, name: str):
        module, attr = self.imports[name]
        try:
            return importlib.import_module(f"{module}.{attr}") if attr else importlib.import_module(module)
        except ImportError:
            return getattr(importlib.import_module(module), attr)


@cache
def _modules() -> tuple[_Module, ...]:
    paths = [p for app in APPS for p in sorted((ROOT / app).rglob("*.py")) if "migrations" not in p.parts]
    return tuple(_Module(p) for p in paths)


def _callee(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _keyword(call: ast.Call, name: str) -> ast.AST | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _value(obj, node, mod) -> set[str]:
    if isinstance(obj, enum.Enum):
        return {str(obj.value)}
    if isinstance(obj, str):
        return {obj}
    raise Unresolved(f"{mod.where(node)}: {ast.unparse(node)} is not an audit action")


def _object(node: ast.AST, mod: _Module):
    if isinstance(node, ast.Name) and node.id in mod.imports:
        return mod.imported(node.id)
    if isinstance(node, ast.Attribute):
        return getattr(_object(node.value, mod), node.attr)
    raise Unresolved(f"{mod.where(node)}: cannot follow {ast.unparse(node)}")


def _resolve(node: ast.AST, mod: _Module, depth: int = 0) -> set[str]:
    """The action values an expression can take, read from the source; Unresolved for free text."""
    if depth > 6:
        raise Unresolved(f"{mod.where(node)}: {ast.unparse(node)} goes too deep")
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _resolve(node.body, mod, depth + 1) | _resolve(node.orelse, mod, depth + 1)
    if isinstance(node, ast.Attribute):
        return _value(_object(node, mod), node, mod)
    if isinstance(node, ast.Subscript):  # a table of actions: every value it holds
        return _resolve(node.value, mod, depth + 1)
    if isinstance(node, ast.Dict):
        return set().union(*(_resolve(v, mod, depth + 1) for v in node.values if v is not None))
    if isinstance(node, ast.Tuple | ast.List):
        return set().union(*(_resolve(e, mod, depth + 1) for e in node.elts))
    if isinstance(node, ast.Name):
        function = mod.function_of(node)
        if function is not None:
            assigned = [
                n.value
                for n in ast.walk(function)
                if isinstance(n, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == node.id for t in n.targets)
            ]
            if assigned:
                return set().union(*(_resolve(v, mod, depth + 1) for v in assigned))
            parameters = [a.arg for a in (*function.args.args, *function.args.kwonlyargs)]
            if node.id in parameters:  # passed through: what every caller passes
                found: set[str] = set()
                callers = 0
                for other in _modules():
                    for call in ast.walk(other.tree):
                        if isinstance(call, ast.Call) and _callee(call) == function.name:
                            passed = _keyword(call, node.id)
                            if passed is None:
                                raise Unresolved(f"{other.where(call)}: {function.name}() without {node.id}=")
                            callers += 1
                            found |= _resolve(passed, other, depth + 1)
                if not callers:
                    raise Unresolved(f"{mod.where(node)}: nobody calls {function.name}()")
                return found
        if node.id in mod.top:
            return _resolve(mod.top[node.id], mod, depth + 1)
        if node.id in mod.imports:
            return _value(mod.imported(node.id), node, mod)
    raise Unresolved(f"{mod.where(node)}: {ast.unparse(node)} is free text, not a declared action")


def _recorded_actions() -> tuple[dict[str, set[str]], list[str]]:
    """value -> where it is recorded, and the calls whose action cannot be read as declared members."""
    used: dict[str, set[str]] = {}
    problems: list[str] = []
    for mod in _modules():
        for call in ast.walk(mod.tree):
            if not (isinstance(call, ast.Call) and _callee(call) == "audit_record"):
                continue
            action = _keyword(call, "action")
            if action is None:
                problems.append(f"{mod.where(call)}: audit_record without action=")
                continue
            try:
                for value in _resolve(action, mod):
                    used.setdefault(value, set()).add(mod.where(call))
            except Unresolved as exc:
                problems.append(str(exc))
    return used, problems


def test_every_action_recorded_in_the_code_is_declared():
    used, problems = _recorded_actions()
    assert problems == []
    assert len(used) > 150  # the walk found the calls
    declared = declared_actions()
    undeclared = {value: sorted(where) for value, where in used.items() if value not in declared}
    assert undeclared == {}


def test_every_declared_action_is_recorded_somewhere():
    used, _problems = _recorded_actions()
    assert sorted(set(declared_actions()) - set(used)) == []


def test_the_walk_catches_free_text_and_f_strings(tmp_path):
    """The checker itself: an f-string, a call or an unknown name is reported, literals and members read."""
    mod = _Module.__new__(_Module)
    source = (
        "from members.audit import AuditAction\n"
        "def f(kind):\n"
        "    audit_record(action=f'members.member.{kind}')\n"
        "    audit_record(action=str(kind))\n"
        "    audit_record(action=AuditAction.MEMBER_UPDATED)\n"
        "    audit_record(action='a.b.c' if kind else 'd.e.f')\n"
    )
    path = ROOT / "members" / "_probe.py"
    mod.path, mod.name, mod.package = path, "members._probe", "members"
    mod.tree = ast.parse(source)
    mod.parents = {c: n for n in ast.walk(mod.tree) for c in ast.iter_child_nodes(n)}
    mod.top, mod.imports = {}, {"AuditAction": ("members.audit", "AuditAction")}
    calls = [n for n in ast.walk(mod.tree) if isinstance(n, ast.Call) and _callee(n) == "audit_record"]
    results = []
    for call in calls:
        try:
            results.append(_resolve(_keyword(call, "action"), mod))
        except Unresolved:
            results.append(None)
    assert results == [None, None, {"members.member.updated"}, {"a.b.c", "d.e.f"}]


# --- the admin's audit log shows the labels ------------------------------------------------------------


@pytest.mark.django_db
def test_the_admin_audit_log_lists_and_filters_by_label(client, staff_with_mfa, member):
    audit_record(action=FinanceAuditAction.INVOICE_ISSUED, target=member)
    client.force_login(staff_with_mfa)
    listing = client.get("/admin/wego/auditentry/")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert str(FinanceAuditAction.INVOICE_ISSUED.label) == "Invoice issued"
    assert '<td class="field-action_display">Invoice issued</td>' in page
    assert "?action=members.invoice.issued" in page  # the filter offers it, under its label
    filtered = client.get("/admin/wego/auditentry/?action=members.invoice.issued")
    assert filtered.status_code == 200 and "Invoice issued" in filtered.content.decode()
    assert client.get("/admin/wego/auditentry/?action=members.member.updated").context["cl"].result_count == 0


def test_an_entry_recorded_before_the_vocabulary_keeps_its_raw_value_as_label():
    assert action_label("members.invoice.issued") == "Invoice issued"
    assert action_label("something.old") == "something.old"


# --- the admin writes through the services, which audit -------------------------------------------------


@pytest.mark.django_db
def test_a_judges_affiliation_edited_in_the_admin_goes_through_the_service(client, staff_with_mfa):
    edition = make_edition(status=Edition.Status.JUDGING)
    judge = make_judge(edition=edition)
    categories = [str(c.pk) for c in judge.categories.all()]
    client.force_login(staff_with_mfa)
    url = f"/admin/awards/judge/{judge.pk}/change/"
    response = client.post(url, {"affiliation": "  Professor, KAIST ", "categories": categories})
    assert response.status_code == 302
    judge.refresh_from_db()
    assert judge.affiliation == "Professor, KAIST"
    entry = AuditEntry.objects.get(action="awards.judge.updated", target_id=str(judge.pk))
    assert entry.data == {"affiliation": {"from": "", "to": "Professor, KAIST"}}
    assert entry.actor == staff_with_mfa
    # Saving the form again without a change records no affiliation change.
    client.post(url, {"affiliation": "Professor, KAIST", "categories": categories})
    assert AuditEntry.objects.filter(action="awards.judge.updated").count() == 1


@pytest.mark.django_db
def test_an_officials_title_edited_in_the_member_admin_goes_through_the_service(
    client, staff_with_mfa, member, focal_point
):
    affiliation = Affiliation.objects.get(member=member, user=focal_point)
    affiliation.title = "CIO"
    affiliation.save(update_fields=["title"])
    data = member_form_data(member)
    data.update(
        {
            "affiliations-TOTAL_FORMS": "1",
            "affiliations-INITIAL_FORMS": "1",
            "affiliations-0-id": str(affiliation.pk),
            "affiliations-0-member": str(member.pk),
            "affiliations-0-user": str(focal_point.pk),
            "affiliations-0-role": "focal_point",
            "affiliations-0-title": "Mayor ",
        }
    )
    client.force_login(staff_with_mfa)
    response = client.post(f"/admin/members/member/{member.pk}/change/", data)
    assert response.status_code == 302
    affiliation.refresh_from_db()
    assert affiliation.title == "Mayor"
    entry = AuditEntry.objects.get(action="members.affiliation.title_changed", target_id=str(member.pk))
    assert entry.data == {"user": focal_point.email, "title": "Mayor", "from": "CIO"}


@pytest.mark.django_db
def test_a_member_edited_in_the_admin_is_saved_and_audited_by_the_service(
    client, staff_with_mfa, member, monkeypatch
):
    calls = []
    real = member_services.member_save
    monkeypatch.setattr(member_services, "member_save", lambda **kw: calls.append(kw) or real(**kw))
    client.force_login(staff_with_mfa)
    response = client.post(
        f"/admin/members/member/{member.pk}/change/", member_form_data(member, description="A smart city.")
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.description == "A smart city."
    assert [c["changed"] for c in calls] == [["description"]]
    entry = AuditEntry.objects.get(action="members.member.updated", target_id=str(member.pk))
    assert entry.data == {"source": "admin", "fields": ["description"]}


def _change_form_data(client, url) -> dict:
    """What the admin's change form would post back unchanged (the main form and every inline)."""
    page = client.get(url)
    assert page.status_code == 200
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data: dict = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            widget = form.fields[name].widget
            if value is None or value is False:
                continue
            if isinstance(widget, MultiWidget):  # e.g. a date and a time
                for i, part in enumerate(widget.decompress(value)):
                    data[f"{form.add_prefix(name)}_{i}"] = part
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    return data


@pytest.mark.django_db
def test_a_fee_grid_edited_in_the_admin_goes_through_the_audited_service(client, staff_with_mfa):
    from finance import services as finance_services
    from finance.models import FeeAmount

    schedule = finance_services.fee_schedule_create_example(year=2031)
    client.force_login(staff_with_mfa)
    url = f"/admin/finance/feeschedule/{schedule.pk}/change/"
    data = _change_form_data(client, url)
    amount = FeeAmount.objects.filter(schedule=schedule).order_by("pk").first()
    key = next(k for k, v in data.items() if k.endswith("-id") and str(v) == str(amount.pk) and "amount" in k)
    data[key.replace("-id", "-amount")] = "1234.00"
    data["notes"] = "Adopted by the General Assembly."
    response = client.post(url, data)
    assert response.status_code == 302
    amount.refresh_from_db()
    assert amount.amount == Decimal("1234.00")
    entries = AuditEntry.objects.filter(action="members.fee_schedule.saved", target_id=str(schedule.pk))
    changed = [e.data["changed"] for e in entries if "changed" in e.data]
    assert len(changed) == 1 and "notes" in changed[0]
    grid = [e.data["grid"] for e in entries if "grid" in e.data]
    assert len(grid) == 1 and grid[0]["deleted"] == [] and len(grid[0]["saved"]) == 1


@pytest.mark.django_db
def test_feasibility_surveys_calls_and_their_panel_are_written_through_the_services_in_the_admin(
    client, staff_with_mfa
):
    from feasibility.models import Call, Reviewer, ThemeSurvey
    from tests.factories import UserFactory
    from tests.factories.feasibility import ThemeFactory

    themes = [ThemeFactory(name="Smart mobility"), ThemeFactory(name="Open data")]
    client.force_login(staff_with_mfa)
    response = client.post(
        "/admin/feasibility/themesurvey/add/",
        {"title": "Priorities 2031", "year": "2031", "description": "", "themes": [t.pk for t in themes]},
    )
    assert response.status_code == 302
    survey = ThemeSurvey.objects.get(title="Priorities 2031")
    assert survey.created_by == staff_with_mfa and set(survey.themes.all()) == set(themes)
    assert (
        AuditEntry.objects.filter(action="feasibility.survey.created", target_id=str(survey.pk)).count() == 1
    )

    call_data = {
        "year": "2031",
        "title": "Call 2031",
        "theme": themes[0].pk,
        "description": "Apply.",
        "opens_at_0": "2031-01-10",
        "opens_at_1": "09:00",
        "closes_at_0": "2031-03-10",
        "closes_at_1": "18:00",
        "cities_to_select": "2",
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
        "reviewers-TOTAL_FORMS": "1",
        "reviewers-INITIAL_FORMS": "0",
    }
    reviewer = UserFactory()
    call_data.update(
        {"reviewers-0-user": reviewer.pk, "reviewers-0-kind": "external", "reviewers-0-country": "KR"}
    )
    response = client.post("/admin/feasibility/call/add/", call_data)
    assert response.status_code == 302
    call = Call.objects.get(title="Call 2031")
    assert call.created_by == staff_with_mfa
    assert AuditEntry.objects.filter(action="feasibility.call.created", target_id=str(call.pk)).count() == 1
    panel = Reviewer.objects.get(call=call)
    assert panel.user == reviewer and panel.added_by == staff_with_mfa
    assert (
        AuditEntry.objects.filter(action="feasibility.reviewer.added", target_id=str(panel.pk)).count() == 1
    )

    # A second call with the same title is refused by the service: a message, not an error page, and nothing written.
    before = AuditEntry.objects.count()
    call_data["reviewers-TOTAL_FORMS"] = "0"
    response = client.post("/admin/feasibility/call/add/", call_data, follow=True)
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert Call.objects.filter(title="Call 2031").count() == 1 and AuditEntry.objects.count() == before
