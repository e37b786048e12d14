from django.urls import path

from brobygger.programs import views

app_name = "programs"
urlpatterns = [
    path("", views.home, name="home"),
    path("programs/<uuid:code>/", views.cohort_detail, name="cohort-detail"),
]
