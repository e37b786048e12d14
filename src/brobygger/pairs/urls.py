from brobygger.pairs.views import calendar, coordinate, shadowing, space

app_name = "pairs"
urlpatterns = [
    *space.urlpatterns,
    *calendar.urlpatterns,
    *coordinate.urlpatterns,
    *shadowing.urlpatterns,
]
