import pytest

from tests.helpers import pdf_file

APPLICATION_DATA = {
    "name": "Da Nang",
    "name_local": "Đà Nẵng",
    "kind": "city",
    "country": "VN",
    "population": 1_230_000,
    "population_year": 2023,
    "population_source": "General Statistics Office",
    "website": "https://danang.gov.vn",
    "official_languages": "Vietnamese",
    "motivation": "To share our smart city work.",
    "contact_name": "Tran Thi Mai",
    "contact_title": "Director of ICT",
    "contact_email": "mai@danang.example.org",
    "contact_phone": "+84 236 000 000",
}


@pytest.fixture
def applicant(db):
    from tests.factories import UserFactory

    return UserFactory(email="applicant@danang.example.org", name="Tran Thi Mai")


@pytest.fixture
def submitted_application(applicant):
    from members import services

    app = services.application_save_draft(applicant=applicant, data=dict(APPLICATION_DATA), letter=pdf_file())
    return services.application_submit(application=app, by=applicant)
