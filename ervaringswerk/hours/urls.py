"""The hours app's pages. Time entries (entry_urls) and programmes/statements (programme_urls) are
kept in separate modules so they can grow independently; both live under the `hours` namespace."""

from .entry_urls import urlpatterns as entry_patterns
from .programme_urls import urlpatterns as programme_patterns

app_name = "hours"
urlpatterns = entry_patterns + programme_patterns
