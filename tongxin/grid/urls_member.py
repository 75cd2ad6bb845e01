"""URLs of the grid's member pages (included by grid/urls.py under the "grid" namespace)."""

urlpatterns: list = []
