"""Demo data of the membership app: member organisations with their officials, applications, the
regional offices and the partners. The content is in members/demo/*.json; this module creates what is
missing through the services. Idempotent."""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.text import slugify

from wego.demo import DEMO_DOMAIN, SECRETARIAT_EMAIL, demo_data, demo_user, iso_date, staff_mfa, totp_secret

from .models import (
    Affiliation,
    Member,
    MembershipApplication,
    Partner,
    PartnerAPIKey,
    PartnerMOU,
    RegionalOffice,
    User,
)
from .services import (
    REGIONAL_OFFICE_GROUP,
    SECRETARIAT_GROUP,
    affiliation_add,
    application_save_draft,
    application_submit,
    application_verify,
    member_create,
    partner_key_create,
    roles_sync,
)

_created_key: dict[str, str] = {}
MEMBERS = demo_data(__file__, "members")["members"]
OFFICES = demo_data(__file__, "offices")
PARTNERS = demo_data(__file__, "partners")
ACCOUNTS = demo_data(__file__, "accounts")
# Demo applicant cities whose application the Secretariat has already verified; the other applicant
# cities are Associate members under verification (they became Associates when they submitted).
DEMO_VERIFIED_APPLICATIONS = set(ACCOUNTS["verified_applications"])


def official_email(member_slug: str, index: int, role: str) -> str:
    if role == Affiliation.Role.FOCAL_POINT:
        return f"{member_slug}.focal@{DEMO_DOMAIN}"
    return f"{member_slug}.{role}{index}@{DEMO_DOMAIN}"


def seed(*, stdout) -> str:
    roles_sync()
    created = {"members": 0, "applications": 0, "users": 0, "offices": 0, "partners": 0}

    secretariat, new = demo_user(SECRETARIAT_EMAIL, ACCOUNTS["secretariat_name"], is_staff=True, group=SECRETARIAT_GROUP)
    created["users"] += new
    staff_mfa(secretariat)

    by_name: dict[str, Member] = {m.name: m for m in Member.objects.all()}
    for row in MEMBERS:
        if row.get("status") == Member.Status.APPLICANT:
            created["applications"] += _seed_application(row)
            continue
        if row["name"] in by_name:
            continue
        fields = {
            k: row.get(k)
            for k in ("population", "population_year")
            if row.get(k) is not None
        }
        member = member_create(
            name=row["name"],
            country=row["country"],
            kind=row["kind"],
            name_local=row.get("name_local", ""),
            population_source=row.get("population_source", ""),
            website=row.get("website", ""),
            official_languages=row.get("official_languages", ""),
            description=row.get("description", ""),
            joined_on=iso_date(row.get("joined_on")),
            category=row.get("category", ""),
            status=row.get("status", Member.Status.ACTIVE),
            **fields,
        )
        by_name[member.name] = member
        created["members"] += 1
        for index, official in enumerate(row.get("officials", []), start=1):
            email = official_email(member.slug, index, official["role"])
            user, new = demo_user(email, official["name"])
            created["users"] += new
            if not Affiliation.objects.filter(user=user, member=member).exists():
                affiliation_add(member=member, user=user, role=official["role"], title=official.get("title", ""))

    for row in OFFICES["regional_offices"]:
        office = RegionalOffice.objects.filter(name=row["name"]).first()
        if office is None:
            office = RegionalOffice.objects.create(
                name=row["name"],
                host=row["host"],
                host_member=by_name.get(row.get("host_member", "")),
                regions=row["regions"],
                contact_email=row.get("contact_email", ""),
                contact_phone=row.get("contact_phone", ""),
                address=row.get("address", ""),
                opened_on=iso_date(row.get("opened_on")),
            )
            created["offices"] += 1
            Member.objects.filter(region__in=row["regions"], regional_office__isnull=True).update(regional_office=office)
            staff_email = f"{slugify(row['host'])}.office@{DEMO_DOMAIN}"
            staff, new = demo_user(
                staff_email, OFFICES["staff_name"].format(office=row["name"]), is_staff=True, group=REGIONAL_OFFICE_GROUP, regional_office=office
            )
            created["users"] += new
            staff_mfa(staff)

    for row in PARTNERS["partners"]:
        partner = Partner.objects.filter(name=row["name"]).first()
        if partner is None:
            mous = sorted(m["signed_on"] for m in row.get("mous", []))
            partner = Partner.objects.create(
                name=row["name"],
                acronym=row.get("acronym", ""),
                kind=row.get("kind", Partner.Kind.INTERNATIONAL),
                website=row.get("website", ""),
                description=row.get("description", ""),
                mou_date=iso_date(mous[0]) if mous else None,
            )
            created["partners"] += 1
            _seed_mous(partner, row.get("mous", []))
    key = PARTNERS["api_key"]
    holder = (
        Partner.objects.filter(acronym=key["acronym"]).first()
        or Partner.objects.filter(name__icontains=key["name_contains"]).first()
    )
    if holder and not PartnerAPIKey.objects.filter(partner=holder, name=key["name"]).exists():
        _key, raw = partner_key_create(partner=holder, name=key["name"], scopes=[])
        _created_key[holder.name] = raw
    return ", ".join(f"{v} {k} created" for k, v in created.items())


DEMO_LETTER = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"



def _seed_application(row: dict) -> int:
    """An applicant organisation's submitted application. A city (or national institution) is an
    Associate member from its submission, under verification by the Secretariat (or verified, for
    the names in DEMO_VERIFIED_APPLICATIONS); an association waits for the Secretariat and then the
    Executive Committee's confirmation; a company waits for the Secretariat."""
    if MembershipApplication.objects.filter(name=row["name"]).exists():
        return 0
    contact = row["officials"][0]
    user, _new = demo_user(official_email(slugify(row["name"]), 1, Affiliation.Role.FOCAL_POINT), contact["name"])
    data = {
        "name": row["name"], "name_local": row.get("name_local", ""), "kind": row["kind"], "country": row["country"],
        "population": row.get("population"), "population_year": row.get("population_year"),
        "population_source": row.get("population_source", ""), "website": row.get("website", ""),
        "official_languages": row.get("official_languages", ""), "motivation": row.get("description", ""),
        "contact_name": contact["name"], "contact_title": contact.get("title", ""), "contact_email": user.email,
    }
    letter = ContentFile(DEMO_LETTER, name=f"{slugify(row['name'])}-letter.pdf")
    application = application_save_draft(applicant=user, data=data, letter=letter)
    application = application_submit(application=application, by=user)
    if row["name"] in DEMO_VERIFIED_APPLICATIONS and application.status == MembershipApplication.Status.VERIFYING:
        secretariat = User.objects.filter(email=SECRETARIAT_EMAIL).first()
        application_verify(application=application, by=secretariat, note=ACCOUNTS["verification_note"])
    return 1


def _seed_mous(partner: Partner, mous: list[dict]) -> None:
    for mou in mous:
        PartnerMOU.objects.get_or_create(
            partner=partner,
            signed_on=iso_date(mou["signed_on"]),
            defaults={"scope": mou.get("scope", ""), "title": mou.get("document_title", "")},
        )


def print_accounts(*, stdout) -> None:
    """Print the demo accounts (all share the demo password) and the partner key if just created."""
    stdout.write("")
    stdout.write(f"Demo accounts (password for all: {settings.DEMO_PASSWORD})")
    for user in User.objects.filter(is_staff=True, email__endswith=DEMO_DOMAIN).order_by("email"):
        secret = totp_secret(user)
        stdout.write(f"  staff    {user.email:<44} TOTP secret for your authenticator app: {secret}")
    featured = ACCOUNTS["featured_members"]
    focal_points = (
        Affiliation.objects.focal_points().filter(member__name__in=featured)
        .select_related("user", "member")
        .order_by("member__name")
    )
    for a in focal_points:
        stdout.write(f"  focal    {a.user.email:<44} {a.member.name}")
    delegates = (
        Affiliation.objects.delegates().filter(member__name__in=featured)
        .select_related("user", "member")
        .order_by("member__name")[: ACCOUNTS["featured_delegates"]]
    )
    for a in delegates:
        stdout.write(f"  delegate {a.user.email:<44} {a.member.name}")
    stdout.write(f"  … {Affiliation.objects.count()} officials in all: <city-slug>.focal@{DEMO_DOMAIN} is each city's focal point")
    for partner, raw in _created_key.items():
        stdout.write(f"  API key of {partner} (shown once): {raw}")
    stdout.write("")
