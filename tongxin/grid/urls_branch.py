"""URLs of the grid's branch pages (included by grid/urls.py under the "grid" namespace)."""

urlpatterns: list = []
