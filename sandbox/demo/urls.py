from django.urls import path

from sandbox.demo import views

urlpatterns = [path("", views.outbox, name="sandbox-outbox")]
