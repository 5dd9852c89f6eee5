from django.urls import path

from admin_security import views

app_name = "admin_security"

urlpatterns = [
    path("", views.ManageView.as_view(), name="manage"),
    path("verify/", views.VerifyView.as_view(), name="verify"),
    path("set-up/", views.EnrolView.as_view(), name="enrol"),
]
