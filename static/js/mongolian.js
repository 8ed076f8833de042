// 蒙古文版: a block of vertical lines (static/css/mongolian.css) scrolls left to
// right. The mouse wheel, which moves a page up and down, moves such a block
// sideways instead (mlreq, "Mouse pointer rules"), until the block's end,
// where the page scrolls on as usual. Keyboard and touch scroll it already.
(function () {
  "use strict";

  var BLOCKS = ".article-text, .article-list";
  var LINE_PX = 40;

  document.addEventListener(
    "wheel",
    function (event) {
      if (event.ctrlKey || event.shiftKey || Math.abs(event.deltaX) >= Math.abs(event.deltaY)) return;
      var block = event.target.closest ? event.target.closest(BLOCKS) : null;
      if (!block || block.scrollWidth <= block.clientWidth) return;
      var delta = event.deltaY;
      if (event.deltaMode === 1) delta *= LINE_PX;
      else if (event.deltaMode === 2) delta *= block.clientWidth;
      var end = block.scrollWidth - block.clientWidth;
      if ((delta > 0 && block.scrollLeft >= end - 1) || (delta < 0 && block.scrollLeft <= 0)) return;
      block.scrollLeft += delta;
      event.preventDefault();
    },
    { passive: false }
  );
})();
