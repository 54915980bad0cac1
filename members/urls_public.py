"""Public pages of the membership app (directory, profiles), mounted under /members/."""

urlpatterns: list = []
