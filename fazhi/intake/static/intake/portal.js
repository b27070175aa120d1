// Small progressive touches; every page works without them.
(function () {
  // Filter the long unit list as the person types.
  document.querySelectorAll(".unit-search").forEach(function (input) {
    var select = document.getElementById(input.dataset.target);
    if (!select) return;
    input.addEventListener("input", function () {
      var q = input.value.trim();
      var first = null;
      Array.prototype.forEach.call(select.options, function (opt) {
        var show = !q || !opt.value || opt.text.indexOf(q) !== -1;
        opt.hidden = !show;
        if (show && opt.value && !first) first = opt;
      });
      if (q && first && (select.selectedIndex <= 0 || select.options[select.selectedIndex].hidden)) select.value = first.value;
    });
  });
  // Anonymous: the name and phone boxes are emptied and set aside.
  var anon = document.getElementById("id_anonymous");
  if (anon) {
    var box = document.querySelector(".identity-fields");
    var sync = function () {
      box.classList.toggle("disabled", anon.checked);
      box.querySelectorAll("input").forEach(function (i) { i.disabled = anon.checked; if (anon.checked) i.value = ""; });
    };
    anon.addEventListener("change", sync);
    sync();
  }
})();
