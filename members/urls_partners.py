"""The public partner directory, mounted at /partners/."""

app_name = "partners"

urlpatterns: list = []
