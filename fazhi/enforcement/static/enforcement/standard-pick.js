/* Recording a case: a discretion standard chosen from the search results fills the form's field. */
(function () {
  document.addEventListener("click", function (e) {
    var b = e.target.closest("[data-standard]");
    if (!b) return;
    document.querySelector('input[name="standard"]').value = b.dataset.standard;
    document.getElementById("picked-standard").textContent = b.dataset.label;
  });
})();
