"""The main-navigation entry of identity linkage (listed in core's NAV)."""

from django.utils.translation import gettext_lazy as _

# One entry for the reviewers (the queue) and the administrators (the runs):
# `views.home` sends each to their page.
LABEL = _("Identity linkage")
