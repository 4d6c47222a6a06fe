from django.urls import URLPattern, URLResolver

app_name = "emergencies"

urlpatterns: list[URLPattern | URLResolver] = []
