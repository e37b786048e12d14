from brobygger.coordination import views
from brobygger.coordination.duplicates import views as duplicates

app_name = "coordination"
urlpatterns = [*views.urlpatterns, *duplicates.urlpatterns]
