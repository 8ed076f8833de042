// 浏览次数: tells the server once that this article was read. The server only
// notes the view; the counts are added up every minute, so the number on the
// page is the one of the last count (news/public/view_counts.py). Without
// JavaScript the page's <noscript> image does the same.
(function () {
  "use strict";

  var article = document.querySelector("[data-view-beacon]");
  if (!article) {
    return;
  }
  var url = article.getAttribute("data-view-beacon");
  if (navigator.sendBeacon && navigator.sendBeacon(url)) {
    return;
  }
  // No beacon in this browser, or it refused to queue one: the image request.
  new Image().src = url;
})();
