"""Django's, django-allauth's and django-tasks-db's own strings that their bokmål catalogues
leave in English or word unidiomatically ("Vennligst logg inn", "epost", "Endre Passord",
"Legg til ny programår").

Nothing imports this module: it marks the strings so that ``makemessages`` keeps them in the
project's catalogue, whose translations win over the libraries' (``LOCALE_PATHS`` is searched
before the installed apps). The msgids must stay exactly the libraries' own; the catalogue
test (``tests/site/test_nb_language.py``) checks that each one reads as we translated it.
"""

from django.utils.translation import gettext_noop, ngettext_lazy, pgettext_lazy

LIBRARY_STRINGS = (
    # django.forms / django.db: the empty choice of every select
    gettext_noop("- Select an option -"),
    # the admin (Django 6 strings the bokmål catalogue does not have yet)
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Toggle theme (current theme: auto)"),
    gettext_noop("Toggle theme (current theme: light)"),
    gettext_noop("Toggle theme (current theme: dark)"),
    gettext_noop("Sidebar"),
    gettext_noop("Start typing to filter…"),
    gettext_noop("Filter navigation items"),
    gettext_noop("Breadcrumbs"),
    gettext_noop("Skip to main content"),
    gettext_noop("Search %(name)s"),
    gettext_noop("Pagination %(name)s"),
    gettext_noop("Pagination %(name)s entries"),
    gettext_noop("Show counts"),
    gettext_noop("Hide counts"),
    gettext_noop("Run"),
    gettext_noop("Select all objects on this page for an action"),
    gettext_noop("Select this object for an action - {}"),
    gettext_noop("View selected %(model)s"),
    gettext_noop("Filter by %(field_name)s"),
    gettext_noop("Error:"),
    gettext_noop("Added:"),
    gettext_noop("Changed:"),
    gettext_noop("Deleted:"),
    gettext_noop("Logout"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("Raw passwords are not stored, so there is no way to see the user’s password."),
    gettext_noop("Password-based authentication"),
    gettext_noop("Set password"),
    gettext_noop("Reset password"),
    gettext_noop("Enabled"),
    gettext_noop("Disabled"),
    ngettext_lazy("…and %(count)d more object.", "…and %(count)d more objects."),
    # the admin: "Legg til ny programår" (one adjective for every gender)
    gettext_noop("Add %(name)s"),
    gettext_noop("Add %s"),
    gettext_noop("Add another %(verbose_name)s"),
    gettext_noop("Add another %(model)s"),
    gettext_noop("Please correct the error below."),
    gettext_noop("Please correct the errors below."),
    # django.contrib.auth
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    gettext_noop(
        "Please enter a correct %(username)s and password. Note that both fields may be "
        "case-sensitive."
    ),
    # django.utils.dates: the short months of the "N" date format (SHORT_MONTH_DATE_FORMAT,
    # config/formats/nb): "mars", "juni" whole, as Norwegians write them, not "mar.", "jun."
    pgettext_lazy("abbrev. month", "Jan."),
    pgettext_lazy("abbrev. month", "Feb."),
    pgettext_lazy("abbrev. month", "March"),
    pgettext_lazy("abbrev. month", "April"),
    pgettext_lazy("abbrev. month", "May"),
    pgettext_lazy("abbrev. month", "June"),
    pgettext_lazy("abbrev. month", "July"),
    pgettext_lazy("abbrev. month", "Aug."),
    pgettext_lazy("abbrev. month", "Sept."),
    pgettext_lazy("abbrev. month", "Oct."),
    pgettext_lazy("abbrev. month", "Nov."),
    pgettext_lazy("abbrev. month", "Dec."),
    # django.tasks and django-tasks-db (the admin's task results)
    pgettext_lazy("Task", "Ready"),
    pgettext_lazy("Task", "Running"),
    pgettext_lazy("Task", "Failed"),
    pgettext_lazy("Task", "Successful"),
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
    # django-allauth
    gettext_noop("MFA"),
    gettext_noop("Change Password"),
    gettext_noop("Forgot your password?"),
    gettext_noop("The following email addresses are associated with your account:"),
    gettext_noop("Already have an account? Then please %(link)ssign in%(end_link)s."),
    gettext_noop("Please reauthenticate to safeguard your account."),
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we'll send you an "
        "email allowing you to reset it."
    ),
    gettext_noop("Mark selected email addresses as verified"),
    gettext_noop("You cannot add more than %d email addresses."),
    gettext_noop("Please type your current password."),
    gettext_noop("Too many failed login attempts. Try again later."),
    gettext_noop("Your primary email address must be verified."),
    gettext_noop("Your account has no verified email address."),
    gettext_noop(
        "We've sent a code to %(recipient)s. The code expires shortly, so please enter it soon."
    ),
    gettext_noop(
        "Your email verification code is listed below. Please enter it in your open browser window."
    ),
    gettext_noop("Please Confirm Your Email Address"),
    gettext_noop("Your sign-in code is listed below. Please enter it in your open browser window."),
    gettext_noop(
        "Your password reset code is listed below. Please enter it in your open browser window."
    ),
    gettext_noop(
        "You're receiving this email because user %(user_display)s has given your email "
        "address to register an account on %(site_domain)s."
    ),
    gettext_noop(
        "This email confirmation link expired or is invalid. Please <a "
        'href="%(email_url)s">issue a new email confirmation request</a>.'
    ),
    gettext_noop(
        "The password reset link was invalid, possibly because it has already been used.  "
        'Please request a <a href="%(passwd_reset_url)s">new password reset</a>.'
    ),
    gettext_noop("Your password is now changed."),
    gettext_noop(
        "Your account is protected by two-factor authentication. Please enter an "
        "authenticator code:"
    ),
    gettext_noop(
        "We have sent you an email. If you have not received it please check your spam "
        "folder. Otherwise contact us if you do not receive it in a few minutes."
    ),
)
