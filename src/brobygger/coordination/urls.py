from brobygger.coordination.views import urlpatterns as urlpatterns

app_name = "coordination"
