"""A coordinator's message is a mass email (core.mailings): who got it is the send log of its
Mailing, one SentEmail per person. MessageDelivery goes; each earlier message gets a Mailing,
and the copies already sent (SentEmail rows of the message template, to the delivered people,
after the message was written) are linked to it."""

import datetime as dt
import hashlib

import django.db.models.deletion
from django.db import migrations, models

TEMPLATE = "pairs/email/message"


def link_earlier_messages(apps, schema_editor):
    Message = apps.get_model("pairs", "Message")
    MessageDelivery = apps.get_model("pairs", "MessageDelivery")
    Mailing = apps.get_model("core", "Mailing")
    SentEmail = apps.get_model("core", "SentEmail")
    for message in Message.objects.filter(mailing__isnull=True).select_related("cohort"):
        digest = hashlib.sha256(f"pairs.message:{message.code}".encode()).hexdigest()
        mailing = Mailing.objects.create(
            action="pairs.message",
            target=f"message:{message.code}",
            scope=str(message.cohort.code),
            title=message.subject[:200],
            created_by_id=message.sent_by_id,
            recipient_count=message.recipient_count,
            digest=digest,
        )
        Mailing.objects.filter(pk=mailing.pk).update(created_at=message.created_at)
        message.mailing = mailing
        message.save(update_fields=["mailing"])
        users = MessageDelivery.objects.filter(message=message, sent_at__isnull=False).values(
            "person__user"
        )
        SentEmail.objects.filter(
            mailing__isnull=True,
            template=TEMPLATE,
            recipient__in=users,
            created_at__gte=message.created_at,
            created_at__lt=message.created_at + dt.timedelta(days=1),
        ).update(mailing=mailing)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0006_sent_email_reply_to"),
        ("pairs", "0002_agreement_meetings_goals_messages"),
    ]

    operations = [
        migrations.AddField(
            model_name="message",
            name="mailing",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="core.mailing",
                verbose_name="send log",
            ),
        ),
        migrations.RunPython(link_earlier_messages, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="messagedelivery",
            name="delivery_once_per_person",
        ),
        migrations.DeleteModel(
            name="MessageDelivery",
        ),
    ]
