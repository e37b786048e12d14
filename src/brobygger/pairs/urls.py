from brobygger.pairs.views import calendar, coordinate, reschedule, shadowing, space

app_name = "pairs"
urlpatterns = [
    *space.urlpatterns,
    *calendar.urlpatterns,
    *reschedule.urlpatterns,
    *coordinate.urlpatterns,
    *shadowing.urlpatterns,
]
