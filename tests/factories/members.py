import factory
from allauth.account.models import EmailAddress
from django.utils.text import slugify

from members.models import Affiliation, Member, Partner, RegionalOffice, User
from members.regions import region_for_country

PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    name = factory.Faker("name")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])

    @factory.post_generation
    def two_factor(obj, create, extracted, **kwargs):
        """`UserFactory(two_factor=True)`: the user has a TOTP authenticator (secret on `totp_secret`)."""
        if create and extracted:
            from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

            obj.totp_secret = generate_totp_secret()
            TOTP.activate(obj, obj.totp_secret)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class RegionalOfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionalOffice

    name = factory.Sequence(lambda n: f"Regional Office {n}")
    host = "Chengdu"
    regions = factory.LazyFunction(lambda: ["asia"])


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    name = factory.Sequence(lambda n: f"City {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = Member.Kind.CITY
    country = "KR"
    region = factory.LazyAttribute(lambda o: region_for_country(str(o.country)))
    population = 1_000_000
    population_year = 2023
    category = Member.Category.FULL
    status = Member.Status.ACTIVE
    joined_on = factory.Faker("date_between", start_date="-10y", end_date="-1y")


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    user = factory.SubFactory(UserFactory)
    member = factory.SubFactory(MemberFactory)
    role = Affiliation.Role.OFFICIAL


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Partner {n}")
    kind = Partner.Kind.INTERNATIONAL
