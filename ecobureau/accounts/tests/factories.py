import factory

from ecobureau.accounts.models import Role, Unit, User
from ecobureau.core.models import Division


class DivisionFactory(factory.django.DjangoModelFactory[Division]):
    class Meta:
        model = Division
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"9{n:05d}")
    name = factory.Sequence(lambda n: f"区划{n}")
    kind = Division.Kind.DISTRICT
    level = 2


class UnitFactory(factory.django.DjangoModelFactory[Unit]):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"单位{n}")
    code = factory.Sequence(lambda n: f"unit-{n}")
    kind = Unit.Kind.SECTION
    document_prefix = "鞍环"


def role(code: str) -> Role:
    """The catalogue role with this code and its permissions, made on first use."""
    from django.contrib.auth.models import Permission

    from ecobureau.accounts.roles import CATALOGUE

    spec = CATALOGUE[code]
    obj, created = Role.objects.get_or_create(
        code=code, defaults={"name": spec.name, "kind": spec.kind}
    )
    if created:
        for label in spec.permissions:
            app_label, codename = label.split(".", 1)
            obj.permissions.add(
                Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                )
            )
    return obj


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    kind = User.Kind.STAFF
    scope = User.Scope.OWN
    password = factory.django.Password("Test-Passw0rd!")

    @factory.post_generation
    def role_codes(
        self, create: bool, extracted: list[str] | None, **kwargs: object
    ) -> None:
        if create and extracted:
            self.roles.set([role(code) for code in extracted])  # type: ignore[attr-defined]
