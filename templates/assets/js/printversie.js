/* Before paged.js lays out the report (assets/js/pagedjs-*), every chart is drawn in the
 * report's font at the text width, and a table too wide for the page is marked to be set
 * smaller. Afterwards the document says it is ready, and can say which table still does not
 * fit its page (enquete/publish/pdf.py refuses to print one that does not). */
(function () {
  "use strict";

  var FONT = "Source Sans 3";
  var TALLEST = 820; // px: a chart and its caption fit in the text height of an A4 page

  function drawn(chart) {
    return chart.querySelector("svg.main-svg") !== null;
  }

  function wait(test) {
    return new Promise(function (resolve) {
      (function poll() {
        if (test()) {
          resolve();
        } else {
          window.setTimeout(poll, 20);
        }
      })();
    });
  }

  function charts() {
    return Array.prototype.slice.call(document.querySelectorAll(".plotly-graph-div"));
  }

  function markWideTables() {
    document.querySelectorAll("table").forEach(function (table) {
      var width = table.parentElement.clientWidth;
      if (table.scrollWidth > width + 1) {
        table.classList.add("breed");
      }
    });
  }

  // A plotly chart is several absolutely placed layers, which paged.js cannot lay out on a
  // page; it is replaced by the one vector SVG plotly makes of it, in the report's font and
  // at most TALLEST high. Its text alternative stays on the figure (role="img").
  async function flatten(chart) {
    var holder = chart.parentElement;
    var layout = { "font.family": FONT, width: holder.clientWidth };
    if (chart.clientHeight > TALLEST) {
      layout.height = TALLEST;
    }
    await window.Plotly.relayout(chart, layout);
    var url = await window.Plotly.toImage(chart, {
      format: "svg",
      width: chart._fullLayout.width,
      height: chart._fullLayout.height,
    });
    holder.innerHTML = decodeURIComponent(url.slice(url.indexOf(",") + 1));
    holder.style.height = "auto";
    holder.className = "grafiek-vector";
    var svg = holder.querySelector("svg");
    svg.setAttribute("aria-hidden", "true");
    svg.style.display = "block";
  }

  window.rapportTeBreed = function () {
    var found = [];
    document.querySelectorAll(".pagedjs_page table").forEach(function (table) {
      var page = table.closest(".pagedjs_page_content");
      if (table.scrollWidth > page.clientWidth + 1 || table.getBoundingClientRect().right >
          page.getBoundingClientRect().right + 1) {
        var head = table.querySelector("th");
        found.push((head ? head.textContent.trim() : "tabel") + " (" + table.scrollWidth + " > " +
          page.clientWidth + " px)");
      }
    });
    return found;
  };

  window.PagedConfig = {
    before: async function () {
      await document.fonts.ready;
      await wait(function () { return !window.Plotly || charts().every(drawn); });
      for (var chart of charts()) {
        await flatten(chart);
      }
      await document.fonts.ready;
      markWideTables();
    },
    after: function () {
      document.documentElement.setAttribute("data-opgemaakt", "ja");
    },
  };
})();
