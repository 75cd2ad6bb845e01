"""The grid's pages, in three groups: the network and its coverage (urls_network), a
grid member's phone pages (urls_member), and the branch desk: reports, meetings,
problem list, spot checks (urls_branch)."""

from . import urls_branch, urls_member, urls_network

app_name = "grid"

urlpatterns = urls_network.urlpatterns + urls_member.urlpatterns + urls_branch.urlpatterns
