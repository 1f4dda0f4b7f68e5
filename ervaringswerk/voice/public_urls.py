"""The resident's survey page, mounted at /ervaring/ (no login)."""

from django.urls import path

from . import views

app_name = "voice_public"
urlpatterns = [path("<str:code>/", views.answer, name="answer")]
