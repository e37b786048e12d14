from brobygger.company.views import urlpatterns as urlpatterns

app_name = "company"
