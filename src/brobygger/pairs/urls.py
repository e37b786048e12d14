from brobygger.pairs.views import calendar, coordinate, space

app_name = "pairs"
urlpatterns = [
    *space.urlpatterns,
    *calendar.urlpatterns,
    *coordinate.urlpatterns,
]
