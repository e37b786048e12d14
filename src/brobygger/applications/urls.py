from brobygger.applications.views import (
    apply,
    duplicates,
    form_builder,
    imports,
    review,
)

app_name = "applications"
urlpatterns = [
    *apply.urlpatterns,
    *form_builder.urlpatterns,
    *review.urlpatterns,
    *imports.urlpatterns,
    *duplicates.urlpatterns,
]
