"""URLs of the grid's network pages (included by grid/urls.py under the "grid" namespace)."""

urlpatterns: list = []
