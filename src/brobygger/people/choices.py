from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The empty first choice of a list: nothing is chosen for her.
CHOOSE = _("Choose …")


class RoleFamily(models.TextChoices):
    ENGINEERING = "engineering", _("Engineering and development")
    DATA = "data", _("Data and analytics")
    PRODUCT = "product", _("Product and design")
    LEADERSHIP = "leadership", _("Leadership and management")
    SALES = "sales", _("Sales and marketing")
    HR = "hr", _("HR and people")
    FINANCE = "finance", _("Finance and administration")
    CONSULTING = "consulting", _("Consulting and advisory")
    OPERATIONS = "operations", _("Operations and infrastructure")
    OTHER = "other", pgettext_lazy("role family", "Other")


class Industry(models.TextChoices):
    ENERGY = "energy", _("Energy")
    FINANCE = "finance", _("Finance and insurance")
    CONSULTING = "consulting", _("IT consulting")
    SOFTWARE = "software", _("Software and SaaS")
    TELECOM = "telecom", _("Telecom")
    PUBLIC = "public", _("Public sector")
    HEALTH = "health", pgettext_lazy("industry", "Health")
    RETAIL = "retail", _("Retail and e-commerce")
    MARITIME = "maritime", _("Maritime and ocean")
    MEDIA = "media", _("Media")
    EDUCATION = "education", _("Education and research")
    OTHER = "other", pgettext_lazy("industry", "Other")


class Language(models.TextChoices):
    NORWEGIAN = "nb", _("Norwegian")
    ENGLISH = "en", _("English")
    SWEDISH = "sv", _("Swedish")
    DANISH = "da", _("Danish")
    GERMAN = "de", _("German")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")
    POLISH = "pl", _("Polish")
