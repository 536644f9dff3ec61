// Keyboard shortcuts of the release page: j/k move between findings, a/r/f decide the current one.
(function () {
  "use strict";
  var findings = Array.prototype.slice.call(document.querySelectorAll("li.finding"));
  if (!findings.length) { return; }
  var index = -1;
  function select(i) {
    if (i < 0 || i >= findings.length) { return; }
    if (index >= 0) { findings[index].classList.remove("current"); }
    index = i;
    findings[index].classList.add("current");
    findings[index].focus();
    findings[index].scrollIntoView({block: "nearest"});
  }
  var hash = window.location.hash.match(/^#finding-(\d+)$/);
  if (hash) {
    var start = Number(hash[1]) - 1;
    // after a decision, go on with the next open finding
    var next = findings.findIndex(function (el, i) { return i >= start && !el.classList.contains("decided"); });
    select(next >= 0 ? next : start);
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) { return; }
    if (event.key === "j") { select(index + 1); event.preventDefault(); }
    else if (event.key === "k") { select(index - 1 < 0 ? 0 : index - 1); event.preventDefault(); }
    else if (index >= 0 && (event.key === "a" || event.key === "r" || event.key === "f")) {
      var button = findings[index].querySelector('button[data-key="' + event.key + '"]');
      if (button) { button.click(); event.preventDefault(); }
    }
  });
})();
