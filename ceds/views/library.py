"""The modules library and the forum."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from members.permissions import is_secretariat
from wego.files import file_response
from wego.web import errors_to_messages

from .. import services
from ..forms import ForumPostForm, ForumTopicForm, ModuleSearchForm
from ..models import ForumTopic, Indicator, Module, ModuleDocument, SystemItem
from ..permissions import can_use_forum
from ..selectors import forum_topic_list, framework_current, module_list
from .common import member_choice


def modules(request):
    """The best-practice modules, searchable by words and by indicator or system code."""
    form = ModuleSearchForm(request.GET or None)
    query = code = ""
    if form.is_valid():
        query, code = form.cleaned_data["q"].strip(), form.cleaned_data["code"].strip()
    items = list(module_list(query=query, code=code))
    return render(request, "ceds/modules.html", {"form": form, "modules": items, "filtered": bool(query or code)})


def module_detail(request, slug: str):
    module = get_object_or_404(Module.objects.prefetch_related("links", "documents"), slug=slug, is_published=True)
    codes = [link.code for link in module.links.all()]
    version = framework_current()
    indicators = list(Indicator.objects.filter(version=version, code__in=codes).order_by("code")) if version else []
    systems = list(SystemItem.objects.filter(version=version, code__in=codes).order_by("code")) if version else []
    return render(request, "ceds/module_detail.html", {"module": module, "indicators": indicators, "systems": systems})


def module_document(request, slug: str, pk: int):
    """A module's document (PDF): anyone while the module is published, the Secretariat always."""
    modules = Module.objects.all() if is_secretariat(request.user) else Module.objects.filter(is_published=True)
    module = get_object_or_404(modules, slug=slug)
    document = get_object_or_404(ModuleDocument, pk=pk, module=module)
    return file_response(document.file, filename=f"{slugify(document.title) or 'document'}.pdf",
                         content_type="application/pdf")


def _forum_guard(request):
    if not request.user.is_authenticated or not can_use_forum(request.user):
        raise Http404


@login_required
def forum(request):
    """Announcements by the Secretariat and questions by members: members only."""
    _forum_guard(request)
    page = Paginator(forum_topic_list(), 25).get_page(request.GET.get("page"))
    return render(request, "ceds/forum.html", {"page_obj": page, "topics": page.object_list})


@login_required
def forum_new(request):
    _forum_guard(request)
    secretariat = is_secretariat(request.user)
    member, _affs = member_choice(request)
    form = ForumTopicForm(request.POST or None, allow_announcement=secretariat)
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.forum_topic_create(by=request.user, member=member, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_messages(request, exc)
        else:
            messages.success(request, _("Posted."))
            return redirect("ceds:forum_topic", topic.pk)
    return render(request, "ceds/forum_new.html", {"form": form})


@login_required
def forum_topic(request, pk: int):
    _forum_guard(request)
    topic = get_object_or_404(ForumTopic.objects.select_related("author", "member"), pk=pk)
    form = ForumPostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        member, _affs = member_choice(request)
        try:
            services.forum_post_create(topic=topic, body=form.cleaned_data["body"], by=request.user, member=member)
        except ValidationError as exc:
            errors_to_messages(request, exc)
        else:
            messages.success(request, _("Answer posted."))
            return redirect("ceds:forum_topic", topic.pk)
    posts = topic.posts.select_related("author", "member")
    return render(request, "ceds/forum_topic.html", {"topic": topic, "posts": posts, "form": form})
