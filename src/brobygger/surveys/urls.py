from brobygger.surveys.views import answer, manage, report

app_name = "surveys"
urlpatterns = [
    *manage.urlpatterns,
    *answer.urlpatterns,
    *report.urlpatterns,
]
