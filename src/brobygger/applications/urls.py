from brobygger.applications.views import apply, form_builder, imports, nominate, review

app_name = "applications"
urlpatterns = [
    *apply.urlpatterns,
    *nominate.urlpatterns,
    *form_builder.urlpatterns,
    *review.urlpatterns,
    *imports.urlpatterns,
]
