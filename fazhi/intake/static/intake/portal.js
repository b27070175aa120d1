// Small progressive touches; every page works without them.
(function () {
  // The unit field is the shared unit chooser (org/unit-chooser.js), searching /api/public/units/.
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
