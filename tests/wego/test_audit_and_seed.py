import pytest
from django.core.management import call_command

from members.models import Affiliation, Member, Partner, PartnerAPIKey, RegionalOffice, User
from wego.audit import audit_record
from wego.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_audit_record_keeps_actor_action_target_and_data(member, official):
    entry = audit_record(actor=official, action="members.member.updated", target=member, data={"why": "a reason"})
    entry.refresh_from_db()
    assert entry.actor == official
    assert entry.actor_label == official.email
    assert entry.target_repr == "Seoul"
    assert entry.target_id == str(member.pk)
    assert entry.data == {"why": "a reason"}


def test_audit_record_without_actor_is_the_system(member):
    assert audit_record(action="members.member.updated", target=member).actor_label == "system"


def test_audit_log_is_read_only_in_the_admin(client, staff_with_mfa, member):
    audit_record(action="members.member.updated", target=member)
    client.force_login(staff_with_mfa)
    listing = client.get("/admin/wego/auditentry/?action=members.member.updated")
    assert listing.status_code == 200
    assert b"members.member.updated" in listing.content
    entry = AuditEntry.objects.get(action="members.member.updated")
    assert client.get(f"/admin/wego/auditentry/{entry.pk}/delete/").status_code == 403
    assert client.get("/admin/wego/auditentry/add/").status_code == 403


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (User, Member, Affiliation, RegionalOffice, Partner, PartnerAPIKey, AuditEntry)
    }


def test_seed_demo_is_idempotent(capsys):
    call_command("seed_demo")
    first = _counts()
    out = capsys.readouterr().out
    assert "secretariat@example.org" in out
    assert first["Member"] >= 12
    assert first["RegionalOffice"] == 2
    assert PartnerAPIKey.objects.filter(partner__name__icontains="World Bank").count() == 1
    call_command("seed_demo")
    assert _counts() == first


def test_seed_demo_creates_the_named_cities_with_focal_points():
    call_command("seed_demo", "--quiet-accounts")
    for name in ["Seoul", "Hanoi", "Quezon City", "Makati", "Tashkent", "Dhaka South", "Nairobi", "Jakarta",
                 "Ulaanbaatar", "Khartoum State", "Hebron", "Seberang Perai", "San Fernando La Union"]:
        member = Member.objects.get(name=name)
        assert member.affiliations.filter(role=Affiliation.Role.FOCAL_POINT).exists(), name
    assert RegionalOffice.objects.filter(host="Chengdu").exists()
    assert RegionalOffice.objects.filter(host__icontains="Ulyanovsk").exists()
    assert User.objects.filter(email="secretariat@example.org", is_staff=True).exists()
