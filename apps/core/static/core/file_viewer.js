/* The file viewer (core/file_viewer.html, apps/core/viewer.py): fetches the file named by data-src and shows it in
   the page. A PDF is drawn by pdf.js (vendor/pdfjs, imported only here) page by page as each comes near the
   screen, fitted to the width, with page k/n and zoom; a PNG or JPEG is drawn as an image. When the server answers
   anything but a file the browser may show, the viewer says why (the texts come translated in data-attributes).

   Under the site's Content-Security-Policy (scripts from our origin only, no eval, no WebAssembly): pdf.js and its
   worker are modules from our own static files, WebAssembly is off (useWasm: false: its JavaScript decoders for
   JBIG2 and JPEG 2000 scans are used instead) and isEvalSupported is false (pdf.js 6 has no eval path left; the
   option keeps an older build from taking one). Nothing here writes a style attribute in markup: sizes are set
   through the CSS object model. */

const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3];
// A canvas past 4096 × 4096 pixels may be refused by a phone's browser: a page is drawn at fewer pixels then.
const MAX_CANVAS_PIXELS = 4096 * 4096;
// Pages are drawn when they come within a screen's height of the screen, and forgotten (their canvas emptied)
// when they leave that band, so that a 300-page document holds a few canvases at a time.
const NEAR = "100% 0px 100% 0px";
const STATUS_MESSAGES = { 404: "messageNotFound", 409: "messageNotReady" };
const IMAGE_TYPES = ["image/png", "image/jpeg"];

class Viewer {
  constructor(root) {
    this.root = root;
    this.status = root.querySelector("[data-viewer-status]");
    this.box = root.querySelector("[data-viewer-pages]");
    this.zoom = 1;
    this.pages = [];
    this.current = 1;
  }

  async start() {
    let response;
    try {
      response = await fetch(this.root.dataset.src, { credentials: "same-origin" });
    } catch {
      return this.say("messageRefused");
    }
    if (!response.ok) return this.say(STATUS_MESSAGES[response.status] || "messageRefused");
    const type = (response.headers.get("Content-Type") || "").split(";")[0].trim().toLowerCase();
    if (type !== "application/pdf" && !IMAGE_TYPES.includes(type)) return this.say("messageUnviewable");
    try {
      const data = await response.arrayBuffer();
      if (type === "application/pdf") await this.openPdf(new Uint8Array(data));
      else await this.openImage(new Blob([data], { type }));
    } catch (error) {
      console.warn("viewer:", error);
      return this.say("messageBroken");
    }
    this.status.hidden = true;
    this.root.dataset.viewerReady = "";
  }

  say(key) {
    this.status.textContent = this.root.dataset[key];
    this.status.classList.add("alert", "alert-warning");
    this.box.replaceChildren();
    this.root.dataset.viewerFailed = "";
  }

  // ---- PDF ---------------------------------------------------------------------------------------------------
  async openPdf(data) {
    const pdfjs = await import(this.root.dataset.pdfjs);
    pdfjs.GlobalWorkerOptions.workerSrc = this.root.dataset.worker;
    this.pdfjs = pdfjs;
    this.pdf = await pdfjs.getDocument({
      data,
      isEvalSupported: false,
      useWasm: false,
      wasmUrl: this.root.dataset.wasm,
      cMapUrl: this.root.dataset.cmaps,
      cMapPacked: true,
      standardFontDataUrl: this.root.dataset.fonts,
      enableXfa: false,
      verbosity: pdfjs.VerbosityLevel.ERRORS,
    }).promise;
    const first = (await this.pdf.getPage(1)).getViewport({ scale: 1 });
    for (let number = 1; number <= this.pdf.numPages; number += 1) {
      this.pages.push(this.placeholder(number, first.width, first.height));
    }
    this.root.querySelector("[data-viewer-count]").textContent = String(this.pdf.numPages);
    this.root.querySelector("[data-viewer-paging]").hidden = false;
    this.controls();
    this.layout();
    this.watch();
  }

  placeholder(number, width, height) {
    const box = document.createElement("div");
    box.className = "file-viewer-page";
    box.dataset.page = String(number);
    const canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", `${this.root.dataset.pageLabel} ${number}/${this.pdf.numPages}`);
    box.append(canvas);
    this.box.append(box);
    return { number, box, canvas, width, height, page: null, task: null, drawn: "" };
  }

  watch() {
    this.observer = new IntersectionObserver((entries) => {
      entries.forEach((entry) => {
        const page = this.pages[Number(entry.target.dataset.page) - 1];
        if (entry.isIntersecting) this.draw(page);
        else this.forget(page);
      });
    }, { rootMargin: NEAR });
    this.pages.forEach((page) => this.observer.observe(page.box));
    window.addEventListener("scroll", () => this.track(), { passive: true });
    window.addEventListener("resize", () => this.layout());
  }

  cssWidth(page) {
    return Math.floor(this.available() * this.zoom * (page.width / this.pages[0].width));
  }

  available() {
    const style = getComputedStyle(this.box);
    return Math.max(120, this.box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight));
  }

  layout() {
    this.pages.forEach((page) => {
      const width = this.cssWidth(page);
      page.box.style.width = `${width}px`;
      page.box.style.height = `${Math.floor((width * page.height) / page.width)}px`;
      if (page.drawn) this.draw(page);
    });
    this.root.querySelector("[data-viewer-zoom]").textContent = `${Math.round(this.zoom * 100)}%`;
  }

  async draw(page) {
    const width = this.cssWidth(page);
    const key = `${width}`;
    if (page.drawn === key) return;
    page.drawn = key;
    page.task?.cancel();
    page.page ||= await this.pdf.getPage(page.number);
    if (page.drawn !== key) return; // forgotten or resized meanwhile
    const natural = page.page.getViewport({ scale: 1 });
    [page.width, page.height] = [natural.width, natural.height];
    const viewport = page.page.getViewport({ scale: width / natural.width });
    const ratio = Math.min(window.devicePixelRatio || 1, Math.sqrt(MAX_CANVAS_PIXELS / (viewport.width * viewport.height)));
    const canvas = page.canvas;
    canvas.width = Math.floor(viewport.width * ratio);
    canvas.height = Math.floor(viewport.height * ratio);
    canvas.style.width = `${Math.floor(viewport.width)}px`;
    canvas.style.height = `${Math.floor(viewport.height)}px`;
    page.box.style.height = canvas.style.height;
    const transform = ratio === 1 ? null : [ratio, 0, 0, ratio, 0, 0];
    page.task = page.page.render({ canvas, canvasContext: canvas.getContext("2d"), viewport, transform });
    try {
      await page.task.promise;
      canvas.dataset.rendered = "";
    } catch (error) {
      if (error instanceof this.pdfjs.RenderingCancelledException) return;
      console.warn(`viewer: page ${page.number}:`, error);
      page.box.classList.add("file-viewer-page-failed");
    }
  }

  forget(page) {
    page.task?.cancel();
    page.drawn = "";
    delete page.canvas.dataset.rendered;
    page.canvas.width = 0;
    page.canvas.height = 0;
  }

  track() {
    const middle = window.innerHeight / 3;
    const seen = this.pages.find((page) => page.box.getBoundingClientRect().bottom > middle);
    this.current = seen ? seen.number : this.pages.length;
    this.root.querySelector("[data-viewer-page]").textContent = String(this.current);
  }

  go(step) {
    const target = this.pages[Math.min(Math.max(this.current + step, 1), this.pages.length) - 1];
    if (target) target.box.scrollIntoView({ block: "start" });
    this.track();
  }

  controls() {
    this.root.querySelector("[data-viewer-zooming]").hidden = false;
    const on = (name, action) => this.root.querySelector(`[data-viewer-${name}]`).addEventListener("click", action);
    on("previous", () => this.go(-1));
    on("next", () => this.go(1));
    on("zoom-in", () => this.setZoom(ZOOMS.find((zoom) => zoom > this.zoom) || this.zoom));
    on("zoom-out", () => this.setZoom([...ZOOMS].reverse().find((zoom) => zoom < this.zoom) || this.zoom));
    on("fit", () => this.setZoom(1));
  }

  setZoom(zoom) {
    if (zoom === this.zoom) return;
    const page = this.pages[this.current - 1];
    this.zoom = zoom;
    this.layout();
    if (page?.box && this.pages.length > 1) page.box.scrollIntoView({ block: "start" });
  }

  // ---- image -------------------------------------------------------------------------------------------------
  async openImage(blob) {
    this.bitmap = await createImageBitmap(blob);
    const box = document.createElement("div");
    box.className = "file-viewer-page";
    const canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", this.root.getAttribute("aria-label") || "");
    box.append(canvas);
    this.box.append(box);
    this.image = { box, canvas };
    this.pages = [{ number: 1, box, canvas, width: this.bitmap.width, height: this.bitmap.height, drawn: "" }];
    this.layout = () => this.drawImage();
    this.controls();
    this.drawImage();
    window.addEventListener("resize", () => this.drawImage());
  }

  drawImage() {
    const { canvas, box } = this.image;
    const width = Math.floor(Math.min(this.available() * this.zoom, this.bitmap.width * 4));
    const height = Math.floor((width * this.bitmap.height) / this.bitmap.width);
    const ratio = Math.min(window.devicePixelRatio || 1, Math.sqrt(MAX_CANVAS_PIXELS / (width * height)));
    canvas.width = Math.floor(width * ratio);
    canvas.height = Math.floor(height * ratio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    box.style.width = `${width}px`;
    const context = canvas.getContext("2d");
    context.imageSmoothingQuality = "high";
    context.drawImage(this.bitmap, 0, 0, canvas.width, canvas.height);
    canvas.dataset.rendered = "";
    this.root.querySelector("[data-viewer-zoom]").textContent = `${Math.round(this.zoom * 100)}%`;
  }
}

document.querySelectorAll("[data-file-viewer]").forEach((root) => new Viewer(root).start());
