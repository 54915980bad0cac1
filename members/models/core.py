"""Membership: users, member organisations, affiliations, regional offices, partners."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from rest_framework_api_key.models import AbstractAPIKey

from wego.staff import StaffPrivilegeMixin
from wego.storage import private_storage
from wego.validators import MaxSizeValidator, validate_pdf

from ..regions import Region


class UserManager(BaseUserManager):
    """Users log in with their email address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email: str):
        return self.get(email__iexact=email)


class User(StaffPrivilegeMixin, AbstractUser):
    """A person using the portal. The email address is the login."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("full name"), max_length=200, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    regional_office = models.ForeignKey(
        "members.RegionalOffice",
        verbose_name=_("regional office"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
        help_text=_("Staff of a regional office see and manage the members of its regions only."),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return (self.name.split() or [self.email])[0]


class RegionalOffice(models.Model):
    """A WeGO regional office (e.g. Asia: Chengdu; Europe: Ulyanovsk Region)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    host = models.CharField(_("host"), max_length=200, help_text=_("The city or region hosting the office."))
    host_member = models.ForeignKey(
        "members.Member",
        verbose_name=_("host member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_offices",
    )
    regions = models.JSONField(_("regions covered"), default=list, help_text=_("WeGO regions this office serves."))
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    address = models.TextField(_("address"), blank=True)
    opened_on = models.DateField(_("opening date"), null=True, blank=True)

    class Meta:
        verbose_name = _("regional office")
        verbose_name_plural = _("regional offices")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def region_labels(self) -> list[str]:
        labels = dict(Region.choices)
        return [str(labels.get(code, code)) for code in self.regions]



class MemberQuerySet(models.QuerySet):
    """The reads other apps share: `Member.objects.active().full()` is "an active Full member" once, for
    every app (governance's rolls and candidacies, training's member-only sessions, CeDS, the fees).
    Good standing (no fee of an earlier year unpaid) is the finance app's: `finance.selectors`."""

    def active(self):
        return self.filter(status=Member.Status.ACTIVE)

    def full(self):
        return self.filter(category=Member.Category.FULL)

    def active_full(self):
        return self.active().full()

    def current(self):
        """Not withdrawn: active, suspended or still applying."""
        return self.exclude(status=Member.Status.WITHDRAWN)

    def cities(self):
        return self.filter(kind=Member.Kind.CITY)


class AffiliationQuerySet(models.QuerySet):
    """Who acts for a member: `Affiliation.objects.focal_points().of(member)`."""

    def focal_points(self):
        return self.filter(role=Affiliation.Role.FOCAL_POINT)

    def delegates(self):
        return self.filter(role=Affiliation.Role.DELEGATE)

    def of(self, member):
        """Of one member (an instance or an id) or of several (a queryset or a list of ids)."""
        if isinstance(member, models.Model | int):
            return self.filter(member=member)
        return self.filter(member__in=member)

    def emails(self) -> list[str]:
        """Their users' addresses, each once, sorted."""
        return sorted(set(self.exclude(user__email="").values_list("user__email", flat=True)))

class Member(models.Model):
    """A member organisation: a city or local government, an association, a company or an institution."""

    class Kind(models.TextChoices):
        CITY = "city", _("City or local government")
        ASSOCIATION = "association", _("Association of local governments")
        COMPANY = "company", _("Company")
        INSTITUTION = "institution", _("National ICT institution")

    class Category(models.TextChoices):
        ASSOCIATE = "associate", _("Associate")
        FULL = "full", _("Full")
        FRIENDSHIP = "friendship", _("Friendship")
        CORPORATE = "corporate", _("Corporate")

    class Status(models.TextChoices):
        APPLICANT = "applicant", _("Applicant")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    name = models.CharField(_("name"), max_length=200)
    name_local = models.CharField(_("name in the local language"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CITY)
    country = CountryField(_("country"))
    region = models.CharField(_("WeGO region"), max_length=20, choices=Region.choices, blank=True, db_index=True)
    region_overridden = models.BooleanField(
        _("region set by hand"),
        default=False,
        help_text=_("When set, the region is kept even if the country's default region differs."),
    )
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("population year"), null=True, blank=True)
    population_source = models.CharField(_("population source"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.TextField(_("postal address"), blank=True, help_text=_("Printed on invoices."))
    logo = models.ImageField(
        _("logo"), upload_to="members/logos/", blank=True, validators=[MaxSizeValidator(2 * 1024 * 1024)]
    )
    official_languages = models.CharField(
        _("official languages"), max_length=200, blank=True, help_text=_("Comma-separated, e.g. 'Korean, English'.")
    )
    description = models.TextField(_("description"), blank=True)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.APPLICANT, db_index=True
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    status_reason = models.TextField(_("reason for the current status"), blank=True)
    regional_office = models.ForeignKey(
        RegionalOffice,
        verbose_name=_("managing regional office"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "region"], name="member_status_region_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("members:detail", args=[self.slug])

    @property
    def is_active_member(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def application_under_verification(self):
        """The application that made this member an Associate while the Secretariat verifies it, or None."""
        return self.applications.filter(status=MembershipApplication.Status.VERIFYING).order_by("-submitted_at").first()

    def language_list(self) -> list[str]:
        return [lang.strip() for lang in self.official_languages.split(",") if lang.strip()]


class Affiliation(models.Model):
    """A user acting for a member, with a role. Permissions across the portal derive from these."""

    class Role(models.TextChoices):
        OFFICIAL = "official", _("Official")
        DELEGATE = "delegate", _("Delegate")
        FOCAL_POINT = "focal_point", _("Focal point")

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="affiliations")
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="affiliations"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.OFFICIAL)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    objects = AffiliationQuerySet.as_manager()

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        ordering = ["member__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "member"], name="affiliation_unique_user_member"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.member} ({self.get_role_display()})"


class Partner(models.Model):
    """A partner organisation of WeGO (United Nations, World Bank, NIA …), which may hold API keys."""

    class Kind(models.TextChoices):
        INTERNATIONAL = "international", _("International organisation")
        DEVELOPMENT_BANK = "development_bank", _("Development bank")
        GOVERNMENT_AGENCY = "government_agency", _("Government agency")
        ASSOCIATION = "association", _("Association")
        COMPANY = "company", _("Company")
        ACADEMIA = "academia", _("Academia")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.INTERNATIONAL)
    mou_date = models.DateField(_("MOU date"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    is_public = models.BooleanField(_("shown in the partner directory"), default=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnerAPIKey(AbstractAPIKey):
    """A hashed API key of a partner, sent as `Authorization: Api-Key <key>`."""

    partner = models.ForeignKey(Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="api_keys")
    scopes = models.JSONField(
        _("scopes"), default=list, blank=True, help_text=_("Read scopes granted, e.g. ['members', 'ceds']. Empty: all public reads.")
    )

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("partner API key")
        verbose_name_plural = _("partner API keys")



class PartnerMOU(models.Model):
    """A memorandum of understanding between WeGO and a partner."""

    partner = models.ForeignKey(Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="mous")
    signed_on = models.DateField(_("signed on"))
    title = models.CharField(_("title"), max_length=300, blank=True)
    scope = models.TextField(_("scope"), blank=True)
    document = models.FileField(
        _("document (PDF)"), upload_to="partners/mous/", blank=True, validators=[validate_pdf]
    )

    class Meta:
        verbose_name = _("MOU")
        verbose_name_plural = _("MOUs")
        ordering = ["partner__name", "-signed_on"]

    def __str__(self) -> str:
        return f"{self.partner} — {self.signed_on:%Y-%m-%d}"


class MembershipApplication(models.Model):
    """An organisation's application to join WeGO, from draft to the Secretariat's decision."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        VERIFYING = "verifying", _("Associate member, under verification")
        VERIFIED = "verified", _("Associate member, verified")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")

    # Open: the Secretariat may still refuse it. A city's application under verification is open
    # although the city is already an Associate member (a rejection withdraws that membership).
    OPEN_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.VERIFYING)
    # The kinds that become Associate members on submission (the background: "Cities and local
    # governments automatically become associate Members when they submit their application forms").
    ASSOCIATE_ON_SUBMISSION = (Member.Kind.CITY, Member.Kind.INSTITUTION)

    applicant = models.ForeignKey(
        User, verbose_name=_("applicant"), on_delete=models.PROTECT, related_name="membership_applications"
    )
    name = models.CharField(_("organisation name"), max_length=200)
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    name_local = models.CharField(_("name in the local language"), max_length=200, blank=True)
    kind = models.CharField(_("kind of organisation"), max_length=20, choices=Member.Kind.choices, default=Member.Kind.CITY)
    country = CountryField(_("country"))
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("population year"), null=True, blank=True)
    population_source = models.CharField(_("population source"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    official_languages = models.CharField(_("official languages"), max_length=200, blank=True)
    motivation = models.TextField(_("why your organisation wants to join"), blank=True)
    contact_name = models.CharField(_("main contact: name"), max_length=200)
    contact_title = models.CharField(_("main contact: job title"), max_length=200, blank=True)
    contact_email = models.EmailField(_("main contact: email"))
    contact_phone = models.CharField(_("main contact: phone"), max_length=50, blank=True)
    second_contact_name = models.CharField(_("second contact: name"), max_length=200, blank=True)
    second_contact_email = models.EmailField(_("second contact: email"), blank=True)
    letter = models.FileField(
        _("signed application letter (PDF)"), upload_to="members/applications/", blank=True, validators=[validate_pdf],
        storage=private_storage,
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    verification_due_on = models.DateField(
        _("verification period ends"), null=True, blank=True,
        help_text=_("Until this day the Secretariat may reject the application, which withdraws the Associate membership."),
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        User, verbose_name=_("verified by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verification_note = models.TextField(_("verification note"), blank=True)
    member = models.ForeignKey(
        Member, verbose_name=_("member"), null=True, blank=True, on_delete=models.SET_NULL, related_name="applications"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        ordering = ["-submitted_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["name_key", "country"],
                condition=models.Q(status__in=["draft", "submitted", "verifying"]),
                name="application_one_open_per_organisation",
                violation_error_message=_("An application for this organisation is already open."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="verifying")
                | models.Q(submitted_at__isnull=False, verification_due_on__isnull=False),
                name="application_verifying_has_period",
                violation_error_message=_("An application under verification needs its submission date and period."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="verified") | models.Q(verified_at__isnull=False),
                name="application_verified_has_date",
                violation_error_message=_("A verified application needs the date of its verification."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country.code}) — {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def associate_on_submission(self) -> bool:
        """Does submitting this application make the organisation an Associate member at once?"""
        return self.kind in self.ASSOCIATE_ON_SUBMISSION

    def in_verification_period(self, today=None) -> bool:
        """Under verification and the period has not ended: the Secretariat may still reject it."""
        today = today or timezone.localdate()
        return (
            self.status == self.Status.VERIFYING
            and self.verification_due_on is not None
            and today <= self.verification_due_on
        )

    @property
    def requested_category_label(self) -> str:
        return str(Member.Category(self.requested_category).label)

    @property
    def requested_category(self) -> str:
        return {
            Member.Kind.CITY: Member.Category.ASSOCIATE,
            Member.Kind.INSTITUTION: Member.Category.ASSOCIATE,
            Member.Kind.ASSOCIATION: Member.Category.FRIENDSHIP,
            Member.Kind.COMPANY: Member.Category.CORPORATE,
        }[self.kind]


def normalise_name(name: str) -> str:
    """The key that makes 'Quezon  City' and 'quezon city' the same organisation."""
    return " ".join(name.casefold().split())


class MembershipDecision(models.Model):
    """An Executive Committee decision on a member (Full membership, Friendship confirmation).

    Until governance motions record these, the Secretariat records the decision's reference and date.
    """

    class Kind(models.TextChoices):
        FULL_MEMBERSHIP = "full_membership", _("Full membership approved")
        FRIENDSHIP = "friendship", _("Friendship membership confirmed")

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(_("decision"), max_length=30, choices=Kind.choices)
    reference = models.CharField(_("decision reference"), max_length=100)
    decided_on = models.DateField(_("decided on"))
    recorded_by = models.ForeignKey(User, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("Executive Committee decision")
        verbose_name_plural = _("Executive Committee decisions")
        ordering = ["-decided_on"]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_kind_display()} ({self.reference})"


class WithdrawalRequest(models.Model):
    """A member's request to leave WeGO, confirmed by the Secretariat. History stays."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        CONFIRMED = "confirmed", _("Confirmed")
        CANCELLED = "cancelled", _("Cancelled")

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="withdrawal_requests")
    requested_by = models.ForeignKey(User, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    effective_on = models.DateField(_("effective date"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(User, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("withdrawal request")
        verbose_name_plural = _("withdrawal requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=models.Q(status="pending"), name="withdrawal_one_pending_per_member",
                violation_error_message=_("A withdrawal request for this member is already pending."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.get_status_display()}"


class Invitation(models.Model):
    """A focal point's invitation to a colleague: a single-use link that expires after 14 days."""

    VALID_DAYS = 14

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=20, choices=Affiliation.Role.choices, default=Affiliation.Role.OFFICIAL)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(User, verbose_name=_("invited by"), on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(User, verbose_name=_("accepted by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.member}"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def state(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"
