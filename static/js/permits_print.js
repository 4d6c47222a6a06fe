// Print buttons on the service guide (data-print): the page's print styles hide
// navigation and buttons.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
