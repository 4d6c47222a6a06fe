// Submits a filter form when a control marked data-autosubmit changes. Replaces inline
// onchange="this.form.submit()" handlers, which the Content-Security-Policy refuses.
document.addEventListener("change", function (event) {
  var control = event.target;
  if (control && control.hasAttribute && control.hasAttribute("data-autosubmit") && control.form) {
    control.form.submit();
  }
});
