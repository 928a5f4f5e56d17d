// 区分处理: drag over a page image to mark an area. Fills the mark form's page and its four
// positions (% of the page from its top left corner); the form works the same without this file.
// With a mouse, dragging marks at once; on a touch screen a swipe scrolls the page unless the
// 「在页面上框选」 switch is on (then the page holds still under the finger).
document.addEventListener("DOMContentLoaded", () => {
  const stage = document.getElementById("redact-stage");
  const form = document.getElementById("mark-form");
  if (!stage || !form) return;
  const image = stage.querySelector("img");
  const field = (name) => form.querySelector(`[name="${name}"]`);
  const box = document.createElement("div");
  box.className = "redact-box";
  box.hidden = true;
  stage.appendChild(box);
  let start = null;

  const toggle = document.createElement("button");
  toggle.type = "button";
  toggle.className = "secondary redact-toggle";
  toggle.setAttribute("aria-pressed", "false");
  toggle.textContent = "在页面上框选（触屏）";
  toggle.addEventListener("click", () => {
    const on = !stage.classList.contains("marking");
    stage.classList.toggle("marking", on);
    toggle.setAttribute("aria-pressed", String(on));
    toggle.textContent = on ? "结束框选，恢复滚动" : "在页面上框选（触屏）";
  });
  stage.parentNode.insertBefore(toggle, stage);

  const point = (event) => {
    const rect = image.getBoundingClientRect();
    const x = Math.min(Math.max(event.clientX - rect.left, 0), rect.width);
    const y = Math.min(Math.max(event.clientY - rect.top, 0), rect.height);
    return { x, y, width: rect.width, height: rect.height };
  };
  const draw = (a, b) => {
    box.style.left = `${Math.min(a.x, b.x)}px`;
    box.style.top = `${Math.min(a.y, b.y)}px`;
    box.style.width = `${Math.abs(a.x - b.x)}px`;
    box.style.height = `${Math.abs(a.y - b.y)}px`;
    box.hidden = false;
  };
  const percent = (value, whole) => (Math.round((value / whole) * 10000) / 100).toFixed(2);

  stage.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    if (event.pointerType !== "mouse" && !stage.classList.contains("marking")) return;
    event.preventDefault();
    stage.setPointerCapture(event.pointerId);
    start = point(event);
    draw(start, start);
  });
  stage.addEventListener("pointermove", (event) => {
    if (start) draw(start, point(event));
  });
  stage.addEventListener("pointerup", (event) => {
    if (!start) return;
    const end = point(event);
    const a = start;
    start = null;
    if (Math.abs(a.x - end.x) < 3 || Math.abs(a.y - end.y) < 3) {
      box.hidden = true;
      return;
    }
    field("page").value = stage.dataset.page;
    field("left").value = percent(Math.min(a.x, end.x), a.width);
    field("top").value = percent(Math.min(a.y, end.y), a.height);
    field("right").value = percent(Math.max(a.x, end.x), a.width);
    field("bottom").value = percent(Math.max(a.y, end.y), a.height);
    const basis = field("basis");
    if (basis) basis.focus();
  });
});
