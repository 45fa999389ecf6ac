import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import translation


@pytest.fixture(autouse=True)
def _default_language():
    # LocaleMiddleware leaves the last request's language active; every test
    # starts and ends in the default language so none depends on the order.
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Production uses whitenoise's manifest storage, which needs collectstatic;
    # tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def demo_data(db):
    """The demo data of the five seed press releases, as `load_demo` records it."""
    call_command("load_demo", verbosity=0)


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_superuser(
        username="administrator", email="admin@example.org", password="correct horse battery"
    )
