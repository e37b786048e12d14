"""Views of the applications app, one module per area; each module has ``urlpatterns``."""
