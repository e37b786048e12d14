from brobygger.applications.views import (
    apply,
    duplicates,
    form_builder,
    imports,
    nominate,
    participants,
    review,
)

app_name = "applications"
urlpatterns = [
    *apply.urlpatterns,
    *nominate.urlpatterns,
    *participants.urlpatterns,
    *form_builder.urlpatterns,
    *review.urlpatterns,
    *imports.urlpatterns,
    *duplicates.urlpatterns,
]
