// The receipt card prints on its own (see portal.css @media print).
(function () {
  var button = document.getElementById("receipt-print");
  if (button) button.addEventListener("click", function () { window.print(); });
})();
