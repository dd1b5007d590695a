"""The Samenvatting's main findings, each under a heading its figure bears out.

"De centrumgemeenten noemen vooral problemen rond: … 2 van 20 centrumgemeenten noemen de
hulpverlening aan kinderen nog een knelpunt" contradicts itself: a knelpunt two of twenty
name is not what gemeenten *mainly* name, and a wish for national support or a solution is no
problem at all. So each summary figure stands under the heading of its kind — a knelpunt, a
solution, a wish for national support — and a knelpunt stands under "vooral" only when its
share is more than what the quantifier table (`config/kwantoren.yaml`) calls *een klein deel*
(at most a quarter; a test holds the two together, and a project without researcher text
need not have the table); a smaller one stands under a heading that says so, and one nobody
named under one that says that. A theme can appear under several headings.
"""

from __future__ import annotations

from dataclasses import dataclass

from enquete.codebook import Theme
from enquete.publish.claims import Claim

SMALL_SHARE = "een klein deel"  # the words of the heading below "vooral"
SMALL_SHARE_MAX = 0.25  # the largest share 'een klein deel' claims (aandeel_maximaal in the table)

# group → the heading its list stands under
HEADINGS = {
    "vooral": "De centrumgemeenten noemen vooral problemen rond:",
    "klein_deel": "Een klein deel van de centrumgemeenten noemt problemen rond:",
    "niemand": "Geen centrumgemeente noemde deze keer problemen rond:",
    "oplossing": "Als oplossing noemen centrumgemeenten:",
    "ondersteuning": "Landelijke ondersteuning die centrumgemeenten wensen:",
}
# the kinds enquete.codebook allows as summary figures (SUMMARY_KINDS): a knelpunt goes by its share
GROUP_OF_KIND = {"oplossing": "oplossing", "ondersteuning": "ondersteuning"}


@dataclass(frozen=True)
class SummaryGroup:
    """One heading of the main findings and the themes' claims under it."""

    group: str
    heading: str
    lines: tuple[tuple[Theme, tuple[Claim, ...]], ...]

    @property
    def about_problems(self) -> bool:
        """Whether the heading names problems, so each line links the theme's own summary
        phrase ('de toegang, met name …'); other headings link the theme's title."""
        return self.group in ("vooral", "klein_deel", "niemand")


def group_of(claim: Claim) -> str:
    """The heading a summary figure belongs under, by its kind and, for a knelpunt, its share."""
    if claim.kind in GROUP_OF_KIND:
        return GROUP_OF_KIND[claim.kind]
    if claim.kind != "herkenning":
        raise ValueError(f"{claim.figure_id}: a figure of kind {claim.kind} is not a summary figure")
    if claim.count == 0:
        return "niemand"
    small = not claim.base or claim.count / claim.base <= SMALL_SHARE_MAX
    return "klein_deel" if small else "vooral"


def summary_groups(summary: list[tuple[Theme, list[Claim]]]) -> list[SummaryGroup]:
    """The themes' summary claims under their headings, in the order of HEADINGS; empty
    headings are left out."""
    lines: dict[str, list[tuple[Theme, tuple[Claim, ...]]]] = {group: [] for group in HEADINGS}
    for theme, claims in summary:
        by_group: dict[str, list[Claim]] = {}
        for claim in claims:
            by_group.setdefault(group_of(claim), []).append(claim)
        for group, grouped in by_group.items():
            lines[group].append((theme, tuple(grouped)))
        if not claims:  # a theme without figures still names its problems, as before
            lines["vooral"].append((theme, ()))
    return [SummaryGroup(group, HEADINGS[group], tuple(found)) for group, found in lines.items() if found]
