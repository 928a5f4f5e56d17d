// The 回执's print button: a file of its own, for the Content-Security-Policy (no inline script).
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("print-receipt");
  if (button) button.addEventListener("click", () => window.print());
});
