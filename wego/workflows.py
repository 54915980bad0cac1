"""Declared workflows: each state machine of the portal is a table, read by every door.

A `Workflow` lists its `Transition`s: the states it starts from, the state it leads to, its label,
who may take it (a `rules` predicate of the app's `permissions.py`, called as `who(user, obj)`) and
what it requires (`Requirement`s, each a test and the message that names what is missing).

- The service that carries a transition out calls `flow.check(obj, "accept")` first: a wrong state
  or an unmet requirement is refused with a message that says what to do.
- A page shows a transition's button exactly when `flow.allowed(obj, "accept", user)` (or lists
  `flow.available(obj, user)`); the `{% transitions %}` tag of `wego_tags` gives a template the set of
  allowed names.
- The admin builds its actions from the table (`wego.admin_actions.transition_action`), and the API
  reports the allowed transitions of each object (`wego.api.fields.TransitionsField`).
- `manage.py workflows` prints every table, so the rules can be read without reading the code.

`wego` knows no app: an app declares its workflows (in `<app>/workflows.py`) and registers them here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import rules
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _

Message = str | Promise | Callable[[Any], str]


def _text(message: Message, obj: Any) -> str:
    """A requirement's message for `obj`: a callable is called with it; a string is formatted with
    `%(object)s` (the object's name) when it asks for it."""
    if callable(message) and not isinstance(message, Promise):
        return str(message(obj))
    text = str(message)
    return text % {"object": obj} if "%(object)s" in text else text


@dataclass(frozen=True)
class Requirement:
    """What a transition needs besides the state: `test(obj)` is true when it is met; `message` names
    what is missing (a string, which may use %(object)s, or a callable of the object)."""

    test: Callable[[Any], bool]
    message: Message
    label: str | Promise = ""

    def met(self, obj: Any, **context: Any) -> bool:
        """`context` (e.g. the service's `today`) is passed to the test when given, so a test may take it
        as an optional keyword."""
        return bool(self.test(obj, **context) if context else self.test(obj))

    def unmet(self, obj: Any, **context: Any) -> str | None:
        """The message when the requirement is not met, else None."""
        return None if self.met(obj, **context) else _text(self.message, obj)


def in_order(*requirements: Requirement) -> tuple[Requirement, ...]:
    """Requirements met one after the other: each counts as met while an earlier one is not, so that
    only the first thing to fix is reported (a later one often makes no sense before it), as a service
    that checks things in turn does."""
    ordered = []
    for index, requirement in enumerate(requirements):
        earlier = requirements[:index]

        def test(obj: Any, _requirement: Requirement = requirement, _earlier: tuple = earlier, **context: Any) -> bool:
            if not all(r.met(obj, **context) for r in _earlier):
                return True
            return _requirement.met(obj, **context)

        ordered.append(Requirement(test, requirement.message, label=requirement.label))
    return tuple(ordered)


@dataclass(frozen=True)
class Transition:
    """One step of a workflow.

    `sources`: the states it may start from. `target`: the state it leads to (a tuple when the service
    chooses between several, e.g. a submission that makes an Associate member at once or waits).
    `who(user, obj)`: who may take it (None: only the portal itself, e.g. a scheduled close).
    `wrong_state`: the refusal when the object is in another state (a string formatted with
    %(object)s and %(status)s, or a callable of the object); a general one otherwise.
    `danger`: the button is styled as a destructive one. `description`: one sentence for the table.
    """

    name: str
    label: str | Promise
    sources: tuple[str, ...]
    target: str | tuple[str, ...]
    who: Callable[[Any, Any], bool] | None = None
    requires: tuple[Requirement, ...] = ()
    wrong_state: Message | None = None
    danger: bool = False
    description: str | Promise = ""

    @property
    def targets(self) -> tuple[str, ...]:
        return self.target if isinstance(self.target, tuple) else (self.target,)

    @property
    def automatic(self) -> bool:
        """Taken by the portal itself (a scheduled task), never offered as a button."""
        return self.who is None


@dataclass(frozen=True)
class Option:
    """A transition as a door shows it to one user: allowed, or the reason it is not."""

    transition: Transition
    allowed: bool
    reason: str = ""

    @property
    def name(self) -> str:
        return self.transition.name

    @property
    def label(self) -> str:
        return str(self.transition.label)


@dataclass
class Workflow:
    """A state machine over `model`'s `field` (a choices field): its transitions, in display order."""

    key: str
    model: type
    transitions: list[Transition]
    field: str = "status"
    description: str | Promise = ""
    _by_name: dict[str, Transition] = dataclasses.field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_name = {}
        for transition in self.transitions:
            if transition.name in self._by_name:
                raise ImproperlyConfigured(f"{self.key}: transition {transition.name!r} is declared twice")
            self._by_name[transition.name] = transition

    # The table ------------------------------------------------------------------------------------

    @property
    def states(self) -> list[tuple[str, str]]:
        """The field's choices: (value, label)."""
        meta = self.model._meta  # type: ignore[attr-defined]
        return [(value, str(label)) for value, label in meta.get_field(self.field).choices]

    def transition(self, name: str) -> Transition:
        try:
            return self._by_name[name]
        except KeyError:
            raise ImproperlyConfigured(f"{self.key}: no transition {name!r}") from None

    def __iter__(self) -> Iterator[Transition]:
        return iter(self.transitions)

    def state_label(self, state: str) -> str:
        return dict(self.states).get(state, state)

    def validate(self) -> list[str]:
        """Problems of the table itself: states that are not choices of the field."""
        known = {value for value, _label in self.states}
        problems = []
        for t in self.transitions:
            for state in (*t.sources, *t.targets):
                if state not in known:
                    problems.append(f"{self.key}.{t.name}: {state!r} is not a state of {self.model.__name__}.{self.field}")
        return problems

    # One object -----------------------------------------------------------------------------------

    def state(self, obj: Any) -> str:
        return getattr(obj, self.field)

    def _wrong_state(self, obj: Any, transition: Transition) -> str:
        status = self.state_label(self.state(obj)).lower()
        if transition.wrong_state is not None:
            if callable(transition.wrong_state) and not isinstance(transition.wrong_state, Promise):
                return str(transition.wrong_state(obj))
            return str(transition.wrong_state) % {"object": obj, "status": status}
        return _("“%(action)s” is not possible now: %(object)s is %(status)s.") % {
            "action": transition.label, "object": obj, "status": status,
        }

    def refusal(self, obj: Any, name: str, user: Any = None) -> str | None:
        """Why `name` cannot be taken on `obj` now (by `user`, when given), or None when it can.

        The order is the order a person would fix things in: the state, then who, then what is missing.
        """
        transition = self.transition(name)
        if self.state(obj) not in transition.sources:
            return self._wrong_state(obj, transition)
        if user is not None and (transition.who is None or not transition.who(user, obj)):
            return _("You may not do this: “%(action)s” is for %(who)s.") % {
                "action": transition.label, "who": self.who_label(transition),
            }
        for requirement in transition.requires:
            message = requirement.unmet(obj)
            if message:
                return message
        return None

    def unmet(self, obj: Any, name: str, **context: Any) -> list[str]:
        """Every unmet requirement of `name` on `obj` (the state aside), to list them all at once."""
        return [m for r in self.transition(name).requires if (m := r.unmet(obj, **context))]

    def check(self, obj: Any, name: str, *, user: Any = None, **context: Any) -> Transition:
        """For the service: refuse `name` on `obj` with a ValidationError naming the reason (the state,
        or what is missing), or a PermissionDenied when `user` is given and may not take it.
        `context` goes to the requirements' tests (e.g. `today=` from the service's clock)."""
        transition = self.transition(name)
        if self.state(obj) not in transition.sources:
            raise ValidationError(self._wrong_state(obj, transition), code="wrong_state")
        if user is not None and (transition.who is None or not transition.who(user, obj)):
            raise PermissionDenied(self.refusal(obj, name, user))
        missing = self.unmet(obj, name, **context)
        if missing:
            raise ValidationError(missing, code="requirement")
        return transition

    def allowed(self, obj: Any, name: str, user: Any = None) -> bool:
        return self.refusal(obj, name, user) is None

    def options(self, obj: Any, user: Any, *, names: Iterable[str] | None = None) -> list[Option]:
        """The transitions that start from the object's state and that `user` may take, each allowed
        or with the message of what is missing (a page shows the button, or the message)."""
        wanted = set(names) if names is not None else None
        found = []
        for t in self.transitions:
            if wanted is not None and t.name not in wanted:
                continue
            if self.state(obj) not in t.sources or t.who is None or not t.who(user, obj):
                continue
            reason = self.refusal(obj, t.name, user) or ""
            found.append(Option(t, allowed=not reason, reason=reason))
        return found

    def available(self, obj: Any, user: Any) -> list[Transition]:
        """The transitions `user` may take on `obj` now: the buttons to show."""
        return [o.transition for o in self.options(obj, user) if o.allowed]

    def available_names(self, obj: Any, user: Any) -> set[str]:
        return {t.name for t in self.available(obj, user)}

    # Reading the table ----------------------------------------------------------------------------

    @staticmethod
    def who_label(transition: Transition) -> str:
        who = transition.who
        if who is None:
            return _("the portal itself")
        return str(getattr(who, "label", None) or getattr(who, "name", None) or getattr(who, "__name__", "?"))

    def rows(self) -> list[dict[str, str]]:
        """The table as rows of text: transition, from, to, who, requires."""
        rows = []
        for t in self.transitions:
            rows.append({
                "name": t.name,
                "label": str(t.label),
                "from": ", ".join(self.state_label(s) for s in t.sources),
                "to": " / ".join(self.state_label(s) for s in t.targets),
                "who": self.who_label(t),
                "requires": "; ".join(str(r.label) for r in t.requires if r.label) or "—",
                "description": str(t.description),
            })
        return rows


class WorkflowRegistry:
    """Every declared workflow, by key; apps register theirs in their AppConfig.ready()."""

    def __init__(self) -> None:
        self._flows: dict[str, Workflow] = {}

    def register(self, flow: Workflow) -> Workflow:
        self._flows[flow.key] = flow
        return flow

    def get(self, key: str) -> Workflow:
        return self._flows[key]

    def __iter__(self) -> Iterator[Workflow]:
        return iter(sorted(self._flows.values(), key=lambda f: f.key))

    def for_model(self, model: type) -> list[Workflow]:
        return [f for f in self._flows.values() if f.model is model]


workflows = WorkflowRegistry()


def register(flow: Workflow) -> Workflow:
    return workflows.register(flow)


def predicate(label: str | Promise, test: Callable[..., bool]) -> Callable[[Any, Any], bool]:
    """Wrap `test(user, obj)` with a label for the table ("the Secretariat", "the focal point").

    `test` may be a rules predicate of one argument or two (`is_secretariat(user)`,
    `is_focal_point_of(user, member)`): rules' own `test` passes it the arguments it takes."""
    call = test.test if isinstance(test, rules.Predicate) else test

    def who(user: Any, obj: Any) -> bool:
        return bool(call(user, obj))

    who.label = label  # type: ignore[attr-defined]
    who.__name__ = getattr(test, "__name__", "who")
    return who
