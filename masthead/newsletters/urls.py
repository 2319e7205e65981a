from django.urls import path

from . import views

app_name = "newsletters"
urlpatterns = [
    path("newsletters/subscribe/", views.subscribe, name="subscribe"),
    path("newsletters/confirm/<str:token>/", views.confirm_view, name="confirm"),
    path("newsletters/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("newsletters/preferences/<str:token>/", views.preferences, name="preferences"),
]
