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

  // The blocks of each chapter are numbered, so that a block can be sent to the next page on
  // a second layout (?duw=3,17): the block before a page that would hold only a stray line.
  function numberBlocks() {
    var pushed = (new URLSearchParams(window.location.search).get("duw") || "").split(",");
    document.querySelectorAll("section.hoofdstuk > *").forEach(function (block, index) {
      block.setAttribute("data-blok", String(index));
      if (pushed.indexOf(String(index)) >= 0) {
        block.classList.add("duw");
      }
    });
  }

  var STRAY = 110; // px: about four lines of text, with the margins of their block

  // The block that starts the run of blocks kept together with block `number` (a note kept
  // with its figure, a heading with what follows it): the one to send to the next page.
  function start(number) {
    var block = document.querySelector('[data-blok="' + number + '"]');
    while (block && number > 0) {
      var before = document.querySelector('[data-blok="' + (number - 1) + '"]');
      var kept = getComputedStyle(block).breakBefore === "avoid" || block.getAttribute("data-break-before") === "avoid";
      if (!before || !(kept || /^H[2-6]$/.test(before.tagName))) {
        break;
      }
      number -= 1;
      block = before;
    }
    return number;
  }

  // The pages (after the contents) that end a chapter with less than three lines: the block
  // that should go to the next page with it, for each.
  window.rapportLosseRegels = function () {
    var pages = Array.prototype.slice.call(document.querySelectorAll(".pagedjs_page"));
    var found = [];
    pages.forEach(function (page, index) {
      var next = pages[index + 1];
      var ends = !next || next.querySelector("section.hoofdstuk > h1");
      var blocks = page.querySelectorAll(".pagedjs_page_content [data-blok]");
      if (index < 2 || !ends || blocks.length === 0 || page.querySelector("section.hoofdstuk > h1")) {
        return;
      }
      var top = page.querySelector(".pagedjs_page_content").getBoundingClientRect().top;
      var bottom = 0;
      blocks.forEach(function (block) { bottom = Math.max(bottom, block.getBoundingClientRect().bottom); });
      var first = Number(blocks[0].getAttribute("data-blok"));
      if (bottom - top < STRAY && first > 0) {
        found.push(start(first - 1));
      }
    });
    return found;
  };

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
      numberBlocks();
    },
    after: function () {
      document.documentElement.setAttribute("data-opgemaakt", "ja");
    },
  };
})();
