"""Applications: drafts, uploads validated by content, one project per organisation, screening."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from awards import services
from awards.models import Edition, Entry
from members.models import Affiliation
from tests.factories import AffiliationFactory, MemberFactory, UserFactory
from tests.factories.awards import make_edition, make_entry
from tests.helpers import PDF_BYTES

pytestmark = pytest.mark.django_db
S = Edition.Status

def png_bytes(size=(8, 8)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 90, 170)).save(buffer, format="PNG")
    return buffer.getvalue()


def png_file(name="shot.png"):
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


@pytest.fixture
def edition():
    return make_edition(status=S.APPLICATION)


def data(edition, **overrides):
    values = {
        "category": edition.categories.get(code="open-city"),
        "member": None,
        "organisation_name": "Da Nang",
        "country": "VN",
        "title": "Open Budget Da Nang",
        "summary": "Every budget line online.",
        "problem": "Citizens could not see spending.",
        "solution": "An open data portal of the budget.",
        "results": "2.1 million visits in 2013.",
        "figures": "Visits: 2.1 million\nDatasets: 340",
        "url": "https://danang.example.org/budget",
    }
    values.update(overrides)
    return values


def test_a_non_member_saves_a_draft_and_submits(edition, user, django_capture_on_commit_callbacks, mailoutbox):
    entry = services.entry_save_draft(applicant=user, edition=edition, data=data(edition, results=""))
    assert entry.status == Entry.Status.DRAFT and entry.member is None
    assert entry.organisation_key == "org:VN:da nang"
    with pytest.raises(ValidationError, match="Fill in before submitting: results"):
        services.entry_submit(entry=entry, by=user)
    entry = services.entry_save_draft(applicant=user, edition=edition, data=data(edition), entry=entry)
    with django_capture_on_commit_callbacks(execute=True):
        services.entry_submit(entry=entry, by=user)
    entry.refresh_from_db()
    assert entry.status == Entry.Status.SUBMITTED and entry.submitted_at
    assert entry.figure_list() == ["Visits: 2.1 million", "Datasets: 340"]
    assert len(mailoutbox) == 1 and "Open Budget Da Nang" in mailoutbox[0].body
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.entry_save_draft(applicant=user, edition=edition, data=data(edition), entry=entry)


def test_a_member_official_enters_for_their_member(edition, member, official):
    entry = services.entry_save_draft(applicant=official, edition=edition, data=data(edition, member=member))
    assert entry.member == member and entry.organisation_name == "Seoul" and str(entry.country) == "KR"


def test_entering_for_a_member_one_does_not_act_for_is_refused(edition, member, user):
    with pytest.raises(ValidationError, match="do not act for Seoul"):
        services.entry_save_draft(applicant=user, edition=edition, data=data(edition, member=member))


def test_several_projects_per_organisation_but_not_the_same_twice(edition, user):
    services.entry_save_draft(applicant=user, edition=edition, data=data(edition))
    services.entry_save_draft(applicant=user, edition=edition, data=data(edition, title="Smart Parking Da Nang"))
    other = UserFactory()
    with pytest.raises(ValidationError, match="already entered this project"):
        services.entry_save_draft(
            applicant=other, edition=edition,
            data=data(edition, title="  open budget   DA NANG ", organisation_name="da  nang",
                      category=edition.categories.get(code="services")),
        )
    # The same title from another organisation, or in another edition, is fine.
    services.entry_save_draft(applicant=other, edition=edition, data=data(edition, organisation_name="Hue"))
    later = make_edition(status=S.APPLICATION)
    services.entry_save_draft(applicant=user, edition=later, data=data(later))


def test_the_database_refuses_the_same_project_twice(edition):
    make_entry(edition=edition, title="Open Budget", organisation_name="Da Nang", country="VN")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_entry(edition=edition, title="open  budget", organisation_name="DA NANG", country="VN")


def test_a_withdrawn_project_may_be_entered_again(edition, user):
    entry = services.entry_save_draft(applicant=user, edition=edition, data=data(edition))
    services.entry_withdraw(entry=entry, by=user)
    again = services.entry_save_draft(applicant=user, edition=edition, data=data(edition))
    # A new draft of the same project, beside the withdrawn one (which stays withdrawn).
    assert again.pk != entry.pk
    assert (again.status, again.title, again.organisation_name) == (Entry.Status.DRAFT, entry.title, entry.organisation_name)
    entry.refresh_from_db()
    assert entry.status == Entry.Status.WITHDRAWN
    assert sorted(Entry.objects.filter(edition=edition).values_list("status", flat=True)) == ["draft", "withdrawn"]
    # Withdrawn again, and entered a third time: still one live entry of the project.
    services.entry_withdraw(entry=again, by=user)
    services.entry_save_draft(applicant=user, edition=edition, data=data(edition))
    assert Entry.objects.filter(edition=edition).exclude(status=Entry.Status.WITHDRAWN).count() == 1


def test_applications_closed_are_refused(user):
    edition = make_edition(status=S.ELIGIBILITY)
    with pytest.raises(ValidationError, match="closed"):
        services.entry_save_draft(applicant=user, edition=edition, data=data(edition))


def test_only_the_applicant_changes_the_draft(edition, user):
    entry = services.entry_save_draft(applicant=user, edition=edition, data=data(edition))
    with pytest.raises(ValidationError, match="Only the person"):
        services.entry_save_draft(applicant=UserFactory(), edition=edition, data=data(edition), entry=entry)
    with pytest.raises(ValidationError, match="Only the person"):
        services.entry_submit(entry=entry, by=UserFactory())


def test_images_are_verified_by_pillow(edition, user):
    entry = services.entry_save_draft(applicant=user, edition=edition, data=data(edition))
    image = services.entry_image_add(entry=entry, image=png_file(), caption="The budget portal", by=user)
    assert image.image.name.endswith(".png")
    fake = SimpleUploadedFile("shot.png", b"\x89PNG\r\n\x1a\n this is not really a png", content_type="image/png")
    with pytest.raises(ValidationError, match="not a valid image"):
        services.entry_image_add(entry=entry, image=fake, caption="x", by=user)
    svg = SimpleUploadedFile("shot.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>", content_type="image/png")
    with pytest.raises(ValidationError, match="not a valid image"):
        services.entry_image_add(entry=entry, image=svg, caption="x", by=user)
    with pytest.raises(ValidationError, match="caption|blank|This field"):
        services.entry_image_add(entry=entry, image=png_file(), caption="", by=user)


def test_images_over_5_mb_are_refused(edition, user, settings):
    from awards.validators import ImageValidator

    entry = services.entry_save_draft(applicant=user, edition=edition, data=data(edition))
    big = SimpleUploadedFile("big.png", png_bytes() + b"\0" * (5 * 1024 * 1024), content_type="image/png")
    with pytest.raises(ValidationError, match="limit is 5 MB"):
        ImageValidator()(big)
    with pytest.raises(ValidationError, match="limit is 5 MB"):
        services.entry_image_add(entry=entry, image=big, caption="x", by=user)


def test_documents_must_be_pdf(edition, user):
    entry = services.entry_save_draft(applicant=user, edition=edition, data=data(edition))
    services.entry_document_add(
        entry=entry, file=SimpleUploadedFile("r.pdf", PDF_BYTES, content_type="application/pdf"),
        title="Evaluation report", by=user,
    )
    with pytest.raises(ValidationError, match="not a PDF document"):
        services.entry_document_add(
            entry=entry, file=SimpleUploadedFile("r.pdf", b"MZ\x90 exe", content_type="application/pdf"),
            title="Bad", by=user,
        )
    assert entry.documents.count() == 1


def test_eligibility_screening_needs_a_reason_when_refused(secretariat, django_capture_on_commit_callbacks, mailoutbox):
    edition = make_edition(status=S.ELIGIBILITY)
    entry = make_entry(edition=edition, status=Entry.Status.SUBMITTED)
    with pytest.raises(ValidationError, match="Give the reason"):
        services.entry_screen(entry=entry, eligible=False, by=secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        services.entry_screen(entry=entry, eligible=False, reason="A private company's product.", by=secretariat)
    entry.refresh_from_db()
    assert entry.status == Entry.Status.INELIGIBLE and entry.eligibility_reason == "A private company's product."
    assert "A private company's product." in mailoutbox[0].body
    # Revised before judging opens:
    services.entry_screen(entry=entry, eligible=True, by=secretariat)
    entry.refresh_from_db()
    assert entry.status == Entry.Status.ELIGIBLE


def test_screening_a_draft_or_after_judging_opened_is_refused(secretariat):
    edition = make_edition(status=S.ELIGIBILITY)
    draft = make_entry(edition=edition, status=Entry.Status.DRAFT)
    with pytest.raises(ValidationError, match="Only a submitted entry"):
        services.entry_screen(entry=draft, eligible=True, by=secretariat)
    later = make_edition(status=S.JUDGING)
    entry = make_entry(edition=later, status=Entry.Status.ELIGIBLE)
    with pytest.raises(ValidationError, match="Eligibility is screened"):
        services.entry_screen(entry=entry, eligible=False, reason="x", by=secretariat)


def test_the_database_requires_a_reason_for_ineligible():
    edition = make_edition(status=S.ELIGIBILITY)
    entry = make_entry(edition=edition, status=Entry.Status.SUBMITTED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.filter(pk=entry.pk).update(status=Entry.Status.INELIGIBLE, eligibility_reason="")


def test_withdrawal_is_refused_once_judging_opened():
    edition = make_edition(status=S.JUDGING)
    entry = make_entry(edition=edition)
    with pytest.raises(ValidationError, match="Judging has opened"):
        services.entry_withdraw(entry=entry, by=entry.applicant)


def test_focal_point_of_another_member_cannot_enter_for_seoul(edition, member):
    other = MemberFactory(name="Hanoi", country="VN")
    focal = AffiliationFactory(member=other, role=Affiliation.Role.FOCAL_POINT).user
    with pytest.raises(ValidationError):
        services.entry_save_draft(applicant=focal, edition=edition, data=data(edition, member=member))


def test_uploaded_files_get_a_safe_name_from_their_content(edition, user):
    entry = services.entry_save_draft(applicant=user, edition=edition, data=data(edition))
    image = services.entry_image_add(
        entry=entry, image=SimpleUploadedFile("evil.html", png_bytes(), content_type="text/html"), caption="x", by=user
    )
    assert image.image.name.endswith(".png") and "evil" not in image.image.name
    document = services.entry_document_add(
        entry=entry, file=SimpleUploadedFile("report.exe", PDF_BYTES, content_type="application/pdf"),
        title="Report", by=user,
    )
    assert document.file.name.endswith(".pdf") and "report" not in document.file.name
