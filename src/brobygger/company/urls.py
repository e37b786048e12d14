from brobygger.company.conflicts import urlpatterns as conflict_urls
from brobygger.company.views import urlpatterns as page_urls

app_name = "company"
urlpatterns = [*page_urls, *conflict_urls]
