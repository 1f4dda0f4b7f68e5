app_name = "preconditions"
urlpatterns: list = []
