import pytest

from members.models import Affiliation
from tests.factories import AffiliationFactory, MemberFactory
from tests.factories.training import ProgramFactory, SessionFactory


@pytest.fixture
def program(db):
    return ProgramFactory(name="Seoul Program", prerequisites="")


@pytest.fixture
def session(program):
    return SessionFactory(program=program, title="Seoul Program 2030", capacity=2)


@pytest.fixture
def apply_as(db):
    """apply_as(user, session, member) → a submitted application through the service."""
    from training import services

    def _apply(user, session, member=None, **data):
        data.setdefault("motivation", "To learn.")
        data.setdefault("prerequisites_confirmed", True)
        return services.application_submit(session=session, applicant=user, member=member, data=data)

    return _apply


@pytest.fixture
def official_of():
    def _official(member, role=Affiliation.Role.OFFICIAL):
        return AffiliationFactory(member=member, role=role).user

    return _official


@pytest.fixture
def nominated(session, member, focal_point, official_of, apply_as):
    """nominated(n) → n applications of officials of `member`, nominated by its focal point, in rank order."""
    from training import services

    def _make(n, *, target_session=None):
        target = target_session or session
        apps = []
        for _i in range(n):
            app = apply_as(official_of(member), target, member)
            apps.append(services.application_nominate(application=app, by=focal_point))
        return apps

    return _make


@pytest.fixture
def hanoi(db):
    return MemberFactory(name="Hanoi", country="VN")
