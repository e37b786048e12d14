"""API tokens expire (docs/api.md).

Tokens created before this migration get 90 days from the moment it runs: the default
lifetime of a new token, counted from the upgrade rather than from their creation, so that
no integration stops working on the day of the upgrade and every owner has the same time to
see the date on her profile page and replace the token. The one-off default below is called
once, when the column is added, and is not kept on the field: new tokens get their expiry
from the service (``create_api_token``).
"""

import datetime as dt

from django.db import migrations, models
from django.utils import timezone


def ninety_days_from_now() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=90)


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0003_add_api_token"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(
                default=ninety_days_from_now, editable=False, verbose_name="expires"
            ),
            preserve_default=False,
        ),
    ]
