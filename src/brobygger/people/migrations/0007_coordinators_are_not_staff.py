"""Coordinators are no longer staff: the administration is for network admins.

Everyone who coordinates an initiative gets the coordinator flag; those of them who are not
network admins (superusers) lose staff status. The coordinators' group keeps its members and
loses its model permissions (they only served the administration)."""

from django.db import migrations, models


def coordinators_leave_the_admin(apps, schema_editor):
    User = apps.get_model("people", "User")
    Initiative = apps.get_model("programs", "Initiative")
    Group = apps.get_model("auth", "Group")
    coordinating = Initiative.coordinators.through.objects.values("user_id")
    User.objects.filter(pk__in=coordinating).update(is_coordinator=True)
    User.objects.filter(is_coordinator=True, is_superuser=False).update(is_staff=False)
    for group in Group.objects.filter(name="Coordinators"):
        group.permissions.clear()


def coordinators_back_to_staff(apps, schema_editor):
    User = apps.get_model("people", "User")
    User.objects.filter(is_coordinator=True).update(is_staff=True)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0006_company_confirmed"),
        ("programs", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="is_coordinator",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Coordinates at least one initiative: sees the coordination pages of the "
                    "initiatives she coordinates. Set when she is made a coordinator of an "
                    "initiative."
                ),
                verbose_name="coordinator",
            ),
        ),
        migrations.AlterField(
            model_name="user",
            name="is_staff",
            field=models.BooleanField(
                default=False,
                help_text="Can sign in to the administration (network admins only).",
                verbose_name="staff status",
            ),
        ),
        migrations.RunPython(coordinators_leave_the_admin, coordinators_back_to_staff),
    ]
