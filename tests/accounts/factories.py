"""Users, built with a known password so that tests can sign in through the real sign-in page."""

import factory

from healthjustice.accounts.models import User

PASSWORD = "correct-horse-battery-staple-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person Number{n}")
    job_title = "Caseworker"
    password = factory.django.Password(PASSWORD)
