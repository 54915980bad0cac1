"""Membership: users, member organisations, affiliations, regional offices, partners."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from rest_framework_api_key.models import AbstractAPIKey

from .regions import Region


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


class User(AbstractUser):
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
    logo = models.ImageField(_("logo"), upload_to="members/logos/", blank=True)
    official_languages = models.CharField(
        _("official languages"), max_length=200, blank=True, help_text=_("Comma-separated, e.g. 'Korean, English'.")
    )
    description = models.TextField(_("description"), blank=True)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.APPLICANT, db_index=True
    )
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

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "region"], name="member_status_region_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active_member(self) -> bool:
        return self.status == self.Status.ACTIVE


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

