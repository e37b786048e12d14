from django.db import migrations, models


def confirm_existing(apps, schema_editor):
    """Every company that exists before the upgrade stays offered to everyone."""
    apps.get_model("people", "Company").objects.update(confirmed=True)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_api_token_expiry_reminded_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="company",
            name="confirmed",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "A name typed by an applicant stays unconfirmed until a coordinator "
                    "confirms it or merges it into another company. Unconfirmed companies are "
                    "offered only to the people who work there."
                ),
                verbose_name="confirmed",
            ),
        ),
        migrations.RunPython(confirm_existing, migrations.RunPython.noop),
    ]
