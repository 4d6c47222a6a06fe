from django.urls import URLPattern, URLResolver

app_name = "credit"

urlpatterns: list[URLPattern | URLResolver] = []
