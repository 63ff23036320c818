// kho serve's only script: files dropped on the upload panel fill its file input. The form works
// without it (choose files, press the button).
document.addEventListener("DOMContentLoaded", () => {
  const zone = document.getElementById("upload");
  if (!zone) return;
  const input = zone.querySelector("input[type=file]");
  for (const name of ["dragenter", "dragover"]) {
    zone.addEventListener(name, (event) => { event.preventDefault(); zone.classList.add("over"); });
  }
  for (const name of ["dragleave", "drop"]) {
    zone.addEventListener(name, (event) => { event.preventDefault(); zone.classList.remove("over"); });
  }
  zone.addEventListener("drop", (event) => { input.files = event.dataTransfer.files; });
});
