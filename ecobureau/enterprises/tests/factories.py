import factory

from ecobureau.enterprises.models import Enterprise, EnterpriseAccount
from ecobureau.lib import credit_code


def make_credit_code(n: int) -> str:
    """A valid 统一社会信用代码 for test number n (91 = enterprise, 210300 = Anshan)."""
    body = f"91210300{n:09d}"
    return body + credit_code.check_character(body)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise
        django_get_or_create = ("credit_code",)

    credit_code = factory.Sequence(lambda n: make_credit_code(n + 1000))
    name = factory.Sequence(lambda n: f"鞍山市示例企业{n}有限公司")
    address = "鞍山市示例路1号"
    size = Enterprise.Size.SMALL


class EnterpriseAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnterpriseAccount

    verified = True
