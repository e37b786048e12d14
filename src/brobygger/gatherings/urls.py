from brobygger.gatherings.cancel_views import urlpatterns as cancel_urlpatterns
from brobygger.gatherings.guide_views import urlpatterns as guide_urlpatterns
from brobygger.gatherings.material_views import urlpatterns as material_urlpatterns
from brobygger.gatherings.views import urlpatterns as view_urlpatterns

app_name = "gatherings"
urlpatterns = view_urlpatterns + cancel_urlpatterns + material_urlpatterns + guide_urlpatterns
