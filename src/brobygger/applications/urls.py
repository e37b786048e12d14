from brobygger.applications.views import (
    apply,
    form_builder,
    imports,
    nominee,
    review,
)

app_name = "applications"
urlpatterns = [
    *apply.urlpatterns,
    *form_builder.urlpatterns,
    *review.urlpatterns,
    *imports.urlpatterns,
    *nominee.urlpatterns,
]
