"""axe-core, the accessibility engine, run in a page."""

from django.conf import settings

AXE_SCRIPT = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"

# WCAG 2.0, 2.1 and 2.2, levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page, axe_source):
    """Run axe-core on the page as it is now; its violations, one readable line each.

    axe is evaluated through the DevTools protocol, which the page's CSP does not
    govern; a <script> tag would need to bypass the CSP the test also checks.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    results = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        f"{node['target']} {node['html'][:160]} :: {node['failureSummary']}"
        for violation in results["violations"]
        for node in violation["nodes"]
    ]
