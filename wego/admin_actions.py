"""Admin actions that run a service: an intermediate page when input is needed, then the service on
each selected object, with a refusal shown for its object while the others go on. Every app's admin
uses this one mixin. Beside it, what every app's admin may use: saving (`ServiceSaveMixin`,
`save_inline` for inline rows) and deleting (`ServiceDeleteMixin`) through services, `adopt_created`,
`CountryListFilter`, and `admin_action_add` (one app's action on another app's list)."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from .workflows import Workflow

ACTION_TEMPLATE = "admin/action_confirm.html"

# The request of the change page being drawn, for the "What can be done now" field (the admin calls a
# read-only field with the object only).
_current_request: ContextVar[HttpRequest | None] = ContextVar("wego_admin_request", default=None)


class ConfirmForm(forms.Form):
    """No input: the intermediate page only asks for a confirmation."""


if TYPE_CHECKING:
    _AdminBase = admin.ModelAdmin
else:
    _AdminBase = object


class ServiceActionsMixin(_AdminBase):
    """For ModelAdmins whose actions call services."""

    action_template = ACTION_TEMPLATE
    # A workflow (wego.workflows) whose options the change page shows: what can be done now, or what is missing.
    workflow: Workflow | None = None

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        token = _current_request.set(request)
        try:
            response = super().changeform_view(request, object_id, form_url, extra_context)
            # Drawn here, while the field can still see the request (a TemplateResponse renders late).
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
            return response
        finally:
            _current_request.reset(token)

    @admin.display(description=_("What can be done now"))
    def what_next(self, obj) -> str:
        request = _current_request.get()
        if self.workflow is None or request is None:
            return "—"
        return self.workflow_options(request, obj, self.workflow)

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if self.workflow is None or obj is None or "what_next" in fields:
            return fields
        return (*fields, "what_next")

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if self.workflow is None or obj is None:
            return fieldsets
        listed = {f for _name, options in fieldsets for f in options.get("fields", ())}
        if "what_next" not in listed:
            fieldsets.append((_("What can be done now"), {"fields": ["what_next"]}))
        return fieldsets

    def object_label(self, obj) -> str:
        return str(obj)

    def action_page(self, request, queryset, *, action: str, title, intro, submit, form_class=ConfirmForm):
        """Return (form, None) once the intermediate page is submitted and valid, else (None, page)."""
        if "apply" in request.POST:
            form = form_class(request.POST)
            if form.is_valid():
                return form, None
        else:
            form = form_class()
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": None,
            "intro": intro,
            "submit_label": submit,
            "objects": list(queryset),
            "form": form,
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "opts": self.model._meta,
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return None, TemplateResponse(request, self.action_template, context)

    def run_service(self, request, objects, call: Callable, done: Callable[[int], str]) -> int:
        """Call `call(obj)` for each object; a refusal is shown for its object and the others go on;
        the successes are counted in one message."""
        count = 0
        for obj in objects:
            try:
                call(obj)
            except (ValidationError, PermissionDenied) as exc:
                label = self.object_label(obj)
                for message in getattr(exc, "messages", None) or [str(exc)]:
                    text = message if label in message else _("%(object)s: %(message)s") % {
                        "object": label, "message": message,
                    }
                    self.message_user(request, text, level=messages.ERROR)
            else:
                count += 1
        if count:
            self.message_user(request, done(count), level=messages.SUCCESS)
        return count

    run_transition = run_service

    def run_workflow(self, request, objects, *, flow, name: str, call: Callable, done: Callable[[int], str]) -> int:
        """A workflow's transition on each selected object: the declared table decides first (the
        state, who may, what is missing: an object it refuses gets its message and is skipped), then
        `call(obj)` carries it out through the service."""

        def checked(obj):
            flow.check(obj, name, user=request.user)
            call(obj)

        return self.run_service(request, objects, checked, done)

    def workflow_options(self, request, obj, flow) -> str:
        """For a read-only field: what the user may do with the object now, or what is missing."""
        if obj is None or obj.pk is None:
            return "—"
        options = flow.options(obj, request.user)
        if not options:
            return _("Nothing: no step starts from this state for you.")
        return format_html_join(
            "", "<p><strong>{}</strong>: {}</p>",
            ((o.label, _("possible now") if o.allowed else o.reason) for o in options),
        )


class ServiceSaveMixin(_AdminBase):
    """For ModelAdmins whose save_model/save_formset call services: a service's refusal of the save
    (a ValidationError raised after the form was valid) rolls the whole save back and is shown as a
    message on the same page, instead of an error page."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as exc:
            for message in exc.messages:
                self.message_user(request, message, level=messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


# --- Pieces every app's admin may use -------------------------------------------------------------


class CountryListFilter(admin.SimpleListFilter):
    """The countries that occur in the list (not all 250 of them), by name."""

    title = gettext_lazy("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = model_admin.get_queryset(request).order_by().values_list("country", flat=True).distinct()
        return sorted(((str(code), countries.name(code) or code) for code in codes if code), key=lambda c: c[1])

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(country=self.value())
        return queryset


def admin_action_add(model, action: Callable) -> None:
    """Add an admin action to another app's model admin, once (by name): finance offers "issue the fee
    invoice" on the member list. Call it from the offering app's admin module, after the model's own
    admin is registered (INSTALLED_APPS order).

    The action is called as `action(modeladmin, request, queryset)` with that model's admin; its
    `allowed_permissions` are checked by that admin (`("secretariat",)` keeps it to the Secretariat)."""
    model_admin = type(admin.site.get_model_admin(model))
    actions = list(model_admin.actions or [])
    if all(getattr(a, "__name__", a) != action.__name__ for a in actions):
        model_admin.actions = [*actions, action]


# --- Saving and deleting through services ---------------------------------------------------------


def adopt_created(obj, created) -> None:
    """Make the admin's object the row a service created (for the redirect and the history)."""
    obj.pk = created.pk
    obj._state.adding = False
    obj.refresh_from_db()


def save_inline(formset, *, save: Callable, delete: Callable) -> None:
    """Apply an inline formset's edits through services: `delete(instance)` for the rows marked for
    deletion, `save(instance, changed_fields)` for the new and changed ones (the parent set on each)."""
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    deleted = set(formset.deleted_forms)
    for form in formset.initial_forms:
        if form in deleted and form.instance.pk is not None:
            delete(form.instance)
            formset.deleted_objects.append(form.instance)
    for form in formset.forms:
        if form in deleted or not form.has_changed():
            continue
        setattr(form.instance, formset.fk.name, formset.instance)
        new = form.instance.pk is None
        save(form.instance, list(form.changed_data))
        if new:
            formset.new_objects.append(form.instance)
        else:
            formset.changed_objects.append((form.instance, form.changed_data))


class ServiceDeleteMixin:
    """Deletions through a service (`delete_service(request, obj)`): a refusal is a message on the page
    (one object) or for its object while the others go on (the "delete selected" action)."""

    def delete_service(self, request, obj) -> None:
        raise NotImplementedError

    def delete_model(self, request, obj):
        self.delete_service(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            try:
                self.delete_service(request, obj)
            except ValidationError as exc:
                for message in exc.messages:
                    self.message_user(request, f"{obj}: {message}", messages.ERROR)  # type: ignore[attr-defined]

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)  # type: ignore[misc]
        except ValidationError as exc:
            for message in exc.messages:
                self.message_user(request, message, messages.ERROR)  # type: ignore[attr-defined]
            opts = self.model._meta  # type: ignore[attr-defined]
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[object_id]))
