"""An estimate of the one-off refund of the personal pension account upon departure.

Only an estimate for the employee: it never goes into the submission pack, and every
output says that the social insurance bureau computes the real amount. Rates, limits and
the method are rule data (resources/rules/<ruleset>/estimate.toml), dated and cited.
"""

from forms.estimate.compute import DISCLAIMER, Estimate, EstimateError, Year, compute, estimate_case  # noqa: F401
from forms.estimate.history import HistoryError, Period, parse_record, periods_from_case, to_case  # noqa: F401
