from django.urls import path

from brobygger.api.api import api

urlpatterns = [path("v1/", api.urls)]
