from django.urls import path

from brobygger.people import views

app_name = "people"
urlpatterns = [
    path("profile/", views.profile_edit, name="profile-edit"),
    path("language/", views.set_language, name="set-language"),
]
