from brobygger.gatherings.views import urlpatterns as urlpatterns

app_name = "gatherings"
