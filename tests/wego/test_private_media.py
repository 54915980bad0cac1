"""Private uploads are reachable only through permission-checked views, in development too.

Every test here runs against a URL configuration that serves MEDIA_ROOT at /media/ the way
`wego.urls` does when DEBUG is on (`static()`), so "GET /media/<name> is 404" means the file is
really not where the development server would serve it.
"""

from __future__ import annotations

import datetime as dt
import importlib
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import clear_url_caches, include, path, re_path, reverse
from django.utils import timezone
from django.views.static import serve

from members.models import Affiliation, MembershipApplication
from tests.factories.members import AffiliationFactory, UserFactory
from tests.helpers import PDF_BYTES, pdf_file


def _serve_media(request, path):
    """What `static(MEDIA_URL, document_root=MEDIA_ROOT)` serves under DEBUG (MEDIA_ROOT read per test)."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", _serve_media),
    path("", include("wego.urls")),
]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def png(name="shot.png"):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (10, 90, 170)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def other_official(other_member):
    """An official of another city (Hanoi): must get 404 for Seoul's files."""
    return AffiliationFactory(member=other_member, role=Affiliation.Role.OFFICIAL).user


def assert_private(field_file, client):
    """Stored under PRIVATE_MEDIA_ROOT, absent from MEDIA_ROOT, and /media/<name> answers 404."""
    assert field_file.name
    stored = Path(field_file.path).resolve()
    assert Path(settings.PRIVATE_MEDIA_ROOT).resolve() in stored.parents
    assert stored.exists()
    assert not (Path(settings.MEDIA_ROOT) / field_file.name).exists()
    client.logout()
    assert client.get(settings.MEDIA_URL + field_file.name).status_code == 404


def assert_downloads(client, user, url, *, body: bytes, inline: bool = False):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, (user, url)
    assert b"".join(response.streaming_content) == body
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    disposition = response.get("Content-Disposition", "")
    if inline:
        assert not disposition.startswith("attachment")
    else:
        assert disposition.startswith("attachment")


def assert_404(client, user, url):
    if user is None:
        client.logout()
    else:
        client.force_login(user)
    response = client.get(url)
    if user is None and response.status_code == 302:  # a visitor is asked to sign in first
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 404, (user, url, response.status_code)


# --- where /media/ points ---------------------------------------------------------------------------


def test_debug_media_route_serves_media_root_only(settings):
    """With DEBUG on, wego.urls maps /media/ to MEDIA_ROOT and no route to PRIVATE_MEDIA_ROOT."""
    import wego.urls

    settings.DEBUG = True
    try:
        module = importlib.reload(wego.urls)
        roots = [
            str(p.default_args.get("document_root"))
            for p in module.urlpatterns
            if getattr(p, "default_args", None) and "document_root" in p.default_args
        ]
        assert roots == [str(settings.MEDIA_ROOT)]
        assert str(settings.PRIVATE_MEDIA_ROOT) not in roots
    finally:
        settings.DEBUG = False
        importlib.reload(wego.urls)
        clear_url_caches()


def test_private_root_inside_media_root_is_a_check_error(settings, tmp_path):
    from wego.checks import private_media_check

    assert private_media_check(None) == []
    settings.PRIVATE_MEDIA_ROOT = Path(settings.MEDIA_ROOT) / "private"
    assert [e.id for e in private_media_check(None)] == ["wego.E003"]
    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT
    assert [e.id for e in private_media_check(None)] == ["wego.E003"]


def test_public_files_stay_under_media_root(client, member):
    """Logos are public: stored under MEDIA_ROOT and served at /media/."""
    member.logo.save("seoul.png", png())
    assert (Path(settings.MEDIA_ROOT) / member.logo.name).exists()
    assert client.get(member.logo.url).status_code == 200


# --- members: the signed application letter --------------------------------------------------------

APPLICATION = {
    "name": "Da Nang", "kind": "city", "country": "VN", "contact_name": "Tran Thi Mai",
    "contact_email": "mai@danang.example.org",
}


def test_application_letter_is_private(client, staff_with_mfa, official, other_official):
    from members import services

    applicant = UserFactory()
    application = services.application_save_draft(applicant=applicant, data=dict(APPLICATION), letter=pdf_file("letter.pdf"))
    assert_private(application.letter, client)
    own = reverse("members:apply-letter", args=[application.pk])
    staff = reverse("members_staff:application-letter", args=[application.pk])
    assert_downloads(client, applicant, own, body=PDF_BYTES)
    assert_downloads(client, staff_with_mfa, staff, body=PDF_BYTES)
    for intruder in (official, other_official):
        assert_404(client, intruder, own)
        assert_404(client, intruder, staff)
    assert_404(client, None, own)
    # The staff page links the view, not a file address.
    client.force_login(staff_with_mfa)
    services.application_submit(application=application, by=applicant)
    page = client.get(reverse("members_staff:application", args=[application.pk])).content.decode()
    assert staff in page and "/media/" not in page
    # The applicant's page links their own download view.
    client.force_login(applicant)
    page = client.get(reverse("members:apply-edit", args=[application.pk])).content.decode()
    assert own in page and "/media/" not in page


def test_application_letter_form_links_the_applicants_view(client):
    from members import services

    applicant = UserFactory()
    application = services.application_save_draft(applicant=applicant, data=dict(APPLICATION), letter=pdf_file("letter.pdf"))
    assert application.status == MembershipApplication.Status.DRAFT
    client.force_login(applicant)
    page = client.get(reverse("members:apply-edit", args=[application.pk])).content.decode()
    assert reverse("members:apply-letter", args=[application.pk]) in page
    assert "/staff/files/" not in page and "/media/" not in page


# --- feasibility --------------------------------------------------------------------------------------


@pytest.fixture
def fs_project(member, official, secretariat):
    """An F/S project of Seoul (its letter selected by the Secretariat)."""
    from feasibility import services
    from feasibility.models import Call
    from tests.factories.feasibility import CallFactory, SubmittedLetterFactory

    call = CallFactory(cities_to_select=1)
    letter = SubmittedLetterFactory(call=call, member=member, submitted_by=official)
    now = timezone.now()
    Call.objects.filter(pk=call.pk).update(opens_at=now - dt.timedelta(days=30), closes_at=now - dt.timedelta(seconds=1))
    letter.refresh_from_db()
    return services.letter_select(letter=letter, by=secretariat, message="Welcome")


def test_letter_of_intent_signed_letter_is_private(client, member, official, other_official, staff_with_mfa):
    from feasibility import services
    from tests.factories.feasibility import ANSWERS, CallFactory

    call = CallFactory()
    letter = services.letter_save_draft(call=call, member=member, by=official, data=dict(ANSWERS), signed_letter=pdf_file("signed.pdf"))
    assert_private(letter.signed_letter, client)
    url = reverse("feasibility:letter-file", args=[letter.pk])
    assert_downloads(client, official, url, body=PDF_BYTES)
    assert_downloads(client, staff_with_mfa, url, body=PDF_BYTES)
    assert_404(client, other_official, url)
    # The edit form's "Currently" link is the letter's own view.
    client.force_login(official)
    page = client.get(letter.get_absolute_url()).content.decode()
    assert url in page and "/media/" not in page and "/staff/files/" not in page


def test_call_document_of_a_draft_call_is_private(client, official, staff_with_mfa):
    from feasibility import services
    from feasibility.models import Call
    from tests.factories.feasibility import CallFactory

    call = CallFactory(status=Call.Status.DRAFT)
    document = services.call_document_add(call=call, title="Terms of reference", file=pdf_file("tor.pdf"), by=staff_with_mfa)
    assert_private(document.file, client)
    url = reverse("feasibility:call-document", args=[document.pk])
    assert_404(client, official, url)
    client.logout()
    assert client.get(url).status_code == 404
    assert_downloads(client, staff_with_mfa, url, body=PDF_BYTES)
    Call.objects.filter(pk=call.pk).update(status=Call.Status.PUBLISHED)
    client.logout()
    assert client.get(url).status_code == 200  # published: public, still through the view


def test_project_files_are_private(client, fs_project, official, other_official, staff_with_mfa):
    from feasibility import services
    from feasibility.models import ImplementationReport

    deliverable = fs_project.deliverables.order_by("position").first()
    document = services.deliverable_document_add(deliverable=deliverable, title="Draft", file=pdf_file("draft.pdf"), by=staff_with_mfa)
    fs_project.final_report.save("final.pdf", ContentFile(PDF_BYTES))
    report = ImplementationReport.objects.create(project=fs_project, year_number=1, due_on=timezone.localdate())
    report = services.implementation_report_submit(report=report, by=official, progress="Deployed.", document=pdf_file("year1.pdf"))
    for field_file, url in (
        (document.file, reverse("feasibility:deliverable-document", args=[document.pk])),
        (fs_project.final_report, reverse("feasibility:final-report", args=[fs_project.pk])),
        (report.document, reverse("feasibility:implementation-report-file", args=[report.pk])),
    ):
        assert_private(field_file, client)
        assert_downloads(client, official, url, body=PDF_BYTES)
        assert_downloads(client, staff_with_mfa, url, body=PDF_BYTES)
        assert_404(client, other_official, url)
    # Not published: the library's copy of the final report is not there either.
    client.logout()
    assert client.get(reverse("feasibility:library-report", args=[fs_project.pk])).status_code == 404


# --- training: support attachments ----------------------------------------------------------------


def test_support_attachment_is_private(client, member, other_official, staff_with_mfa):
    from tests.factories.training import ProgramFactory, SessionFactory
    from training import services
    from training.models import Application, Program

    today = timezone.localdate()
    program = ProgramFactory(kind=Program.Kind.EGOVFRAME, offers_remote_support=True, accepts_city_requests=True)
    session = SessionFactory(program=program, starts_on=today - dt.timedelta(days=10), ends_on=today - dt.timedelta(days=7),
                             application_deadline=timezone.now() - dt.timedelta(days=30))
    alumnus = AffiliationFactory(member=member, role=Affiliation.Role.OFFICIAL).user
    Application.objects.create(session=session, applicant=alumnus, member=member, motivation="m",
                               status=Application.Status.ACCEPTED)
    log = SimpleUploadedFile("error.log", b"SEVERE: batch module failed\n", content_type="text/plain")
    request = services.support_request_open(requester=alumnus, session=session, subject="Tomcat", question="It fails.",
                                            files=[log])
    attachment = request.messages.get().attachments.get()
    assert_private(attachment.file, client)
    url = reverse("training:support-attachment", args=[attachment.pk])
    assert_downloads(client, alumnus, url, body=b"SEVERE: batch module failed\n")
    assert_downloads(client, staff_with_mfa, url, body=b"SEVERE: batch module failed\n")
    assert_404(client, other_official, url)


# --- awards: entry images and documents -----------------------------------------------------------


def test_entry_images_and_documents_are_private(client, member, official, other_official, staff_with_mfa):
    from awards import services
    from awards.models import Edition, Entry
    from tests.factories.awards import make_edition, make_entry

    edition = make_edition(status=Edition.Status.APPLICATION)
    entry = make_entry(edition=edition, member=member, applicant=official, status=Entry.Status.DRAFT)
    image = services.entry_image_add(entry=entry, image=png(), caption="The portal", by=official)
    document = services.entry_document_add(entry=entry, file=pdf_file("report.pdf"), title="Evaluation", by=official)
    image_url = reverse("awards:entry-image", args=[entry.pk, image.pk])
    document_url = reverse("awards:entry-document", args=[entry.pk, document.pk])
    image.image.open("rb")
    image_bytes = image.image.read()
    image.image.close()
    assert_private(image.image, client)
    assert_private(document.file, client)
    assert_downloads(client, official, image_url, body=image_bytes, inline=True)
    assert_downloads(client, staff_with_mfa, image_url, body=image_bytes, inline=True)
    assert_downloads(client, official, document_url, body=PDF_BYTES)
    assert_downloads(client, staff_with_mfa, document_url, body=PDF_BYTES)
    for url in (image_url, document_url):
        assert_404(client, other_official, url)
        client.logout()
        assert client.get(url).status_code == 404


# --- ceds: module documents -----------------------------------------------------------------------


def test_module_document_of_an_unpublished_module_is_private(client, official, staff_with_mfa):
    from ceds.models import Module, ModuleDocument

    module = Module.objects.create(slug="e-permits", title="e-Permits", problem="p", solution="s", is_published=False)
    document = ModuleDocument.objects.create(module=module, title="Guide", file=ContentFile(PDF_BYTES, name="guide.pdf"))
    assert_private(document.file, client)
    url = reverse("ceds:module-document", args=[module.slug, document.pk])
    assert_404(client, official, url)
    assert_downloads(client, staff_with_mfa, url, body=PDF_BYTES)
    Module.objects.filter(pk=module.pk).update(is_published=True)
    client.logout()
    response = client.get(url)
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    page = client.get(reverse("ceds:module", args=[module.slug])).content.decode()
    assert url in page and "/media/" not in page


# --- the Secretariat's view behind the admin's file links -----------------------------------------


def test_admin_file_links_are_for_the_secretariat_only(client, member, official, staff_with_mfa):
    from members import services

    applicant = UserFactory()
    application = services.application_save_draft(applicant=applicant, data=dict(APPLICATION), letter=pdf_file("letter.pdf"))
    url = application.letter.url
    assert url.startswith("/staff/files/")
    assert_downloads(client, staff_with_mfa, url, body=PDF_BYTES)
    assert_404(client, applicant, url)  # the applicant uses their own view
    assert_404(client, official, url)
    client.force_login(staff_with_mfa)
    for unsafe in ("/staff/files/../wego/settings.py", "/staff/files/%2e%2e/%2e%2e/etc/passwd", "/staff/files/nothing.pdf"):
        assert client.get(unsafe).status_code == 404
    admin_page = client.get(reverse("admin:members_membershipapplication_change", args=[application.pk]))
    assert admin_page.status_code == 200 and url in admin_page.content.decode()


# --- files stored before: the move command ---------------------------------------------------------


def test_move_private_media_moves_old_files_once(member, capsys):
    from members import services

    applicant = UserFactory()
    application = services.application_save_draft(applicant=applicant, data=dict(APPLICATION))
    # A letter stored the old way: under MEDIA_ROOT.
    old = Path(settings.MEDIA_ROOT) / "members/applications/old-letter.pdf"
    old.parent.mkdir(parents=True, exist_ok=True)
    old.write_bytes(PDF_BYTES)
    MembershipApplication.objects.filter(pk=application.pk).update(letter="members/applications/old-letter.pdf")
    member.logo.save("seoul.png", png())  # public: never moved

    call_command("move_private_media", "--dry-run")
    assert old.exists()
    assert "1 to move" in capsys.readouterr().out

    call_command("move_private_media")
    moved = Path(settings.PRIVATE_MEDIA_ROOT) / "members/applications/old-letter.pdf"
    assert not old.exists() and moved.read_bytes() == PDF_BYTES
    assert (Path(settings.MEDIA_ROOT) / member.logo.name).exists()
    application.refresh_from_db()
    assert application.letter.open("rb").read() == PDF_BYTES
    application.letter.close()
    assert "1 moved" in capsys.readouterr().out

    call_command("move_private_media")
    assert "0 moved, 1 already private" in capsys.readouterr().out
