import pytest

from ecobureau.accounts import services as account_services


@pytest.fixture(autouse=True)
def _roles(db: None) -> None:
    """Roles hold the permissions of the catalogue, as `load_reference` writes them."""
    account_services.roles_load_catalogue()
