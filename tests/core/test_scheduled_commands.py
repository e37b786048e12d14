"""The commands cron (or the worker's scheduler) runs every few minutes skip Django's system
checks: those import the whole URLconf and cost seconds each start (docs/deploy.md)."""

from django.core.management import load_command_class

SCHEDULED = {
    "close_application_windows": "brobygger.applications",
    "remind_nominees": "brobygger.applications",
    "send_unsent_emails": "brobygger.core",
    "send_proposal_reminders": "brobygger.matching",
    "send_reminders": "brobygger.pairs",
    "send_api_token_reminders": "brobygger.people",
    "apply_retention": "brobygger.privacy",
    "start_programme_years": "brobygger.programs",
    "send_survey_invitations": "brobygger.surveys",
}


def test_scheduled_commands_skip_the_system_checks():
    skipped = {
        name: load_command_class(app, name).requires_system_checks
        for name, app in SCHEDULED.items()
    }
    assert skipped == {name: [] for name in SCHEDULED}


def test_other_commands_keep_them():
    assert load_command_class("brobygger.core", "backup").requires_system_checks == "__all__"
