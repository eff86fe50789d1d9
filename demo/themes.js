// The demo's language pickers: IttEsim handles take option changes after mount.
// An external file, so the page keeps its strict Content-Security-Policy.
document.querySelectorAll(".themes__lang").forEach(function (select) {
  select.addEventListener("change", function () {
    var handle = window.IttEsim && IttEsim.get(document.getElementById(select.dataset.for));
    if (handle) handle.update({ lang: select.value });
  });
});
