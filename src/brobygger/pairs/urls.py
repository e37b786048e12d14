from django.urls import path

from brobygger.pairs import views

app_name = "pairs"
urlpatterns = [
    path("pairs/", views.my_pairs, name="mine"),
    path("pairs/<uuid:code>/", views.pair_detail, name="pair-detail"),
]
