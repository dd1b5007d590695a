/* The report's own script: small fixes that make the pages usable for everyone.
 *
 * 1. A table wider than the screen scrolls sideways. A keyboard user can only scroll what can
 *    take focus, so such a table gets tabindex="0" (WCAG 2.1.1); a table that fits does not.
 * 2. Charts are drawn for the width of the screen. Before printing they are redrawn for the
 *    width of the paper, and afterwards for the screen again.
 */
(function () {
  "use strict";

  function focusableWideTables() {
    document.querySelectorAll(".md-typeset table, .md-typeset__scrollwrap").forEach(function (element) {
      if (element.scrollWidth > element.clientWidth + 1) {
        element.setAttribute("tabindex", "0");
      } else if (element.getAttribute("tabindex") === "0") {
        element.removeAttribute("tabindex");
      }
    });
  }

  var PRINT_WIDTH = 640; // px: the text width of an A4 page with the print margins

  function charts() {
    return window.Plotly ? Array.prototype.slice.call(document.querySelectorAll(".js-plotly-plot")) : [];
  }

  function chartsForPaper() {
    charts().forEach(function (chart) {
      if (chart.clientWidth > PRINT_WIDTH) {
        window.Plotly.relayout(chart, { width: PRINT_WIDTH });
      }
    });
  }

  function chartsForScreen() {
    charts().forEach(function (chart) {
      window.Plotly.relayout(chart, { width: null, autosize: true });
    });
  }

  window.addEventListener("load", focusableWideTables);
  window.addEventListener("resize", focusableWideTables);
  window.addEventListener("beforeprint", chartsForPaper);
  window.addEventListener("afterprint", chartsForScreen);
})();
