// The library's PDF viewer: pdf.js (pdfjs-dist, copied to /static/vendor/pdfjs/ by
// frontend/copy-assets.mjs) draws each page of the document on a canvas the width of
// the screen, since phones' browsers (Android Chrome) do not show a PDF inline. Where
// pdf.js cannot load (an old browser, the files missing) the viewer stays hidden and
// the download link below it is what the person uses.
(function () {
  "use strict";
  var box = document.getElementById("pdf-viewer");
  if (!box) return;
  var base = box.dataset.pdfjs; // ends with "/"
  var pages = box.querySelector("[data-pages]");
  var status = box.querySelector("[data-status]");
  function fail() {
    box.hidden = true;
    var note = document.getElementById("pdf-fallback-note");
    if (note) note.hidden = false;
  }
  import(base + "pdf.min.mjs").then(function (pdfjs) {
    pdfjs.GlobalWorkerOptions.workerSrc = base + "pdf.worker.min.mjs";
    return pdfjs.getDocument({
      url: box.dataset.src,
      cMapUrl: base + "cmaps/",
      cMapPacked: true,
      standardFontDataUrl: base + "standard_fonts/",
      isEvalSupported: false,
      withCredentials: true
    }).promise;
  }).then(function (doc) {
    box.hidden = false;
    var width = Math.max(pages.clientWidth, 280);
    var ratio = window.devicePixelRatio || 1;
    var chain = Promise.resolve();
    for (var n = 1; n <= doc.numPages; n++) {
      chain = chain.then(render.bind(null, doc, n, width, ratio));
    }
    return chain.then(function () { if (status) status.textContent = status.dataset.done.replace("N", doc.numPages); });
  }).catch(fail);

  function render(doc, n, width, ratio) {
    return doc.getPage(n).then(function (page) {
      var first = page.getViewport({ scale: 1 });
      var viewport = page.getViewport({ scale: (width / first.width) * ratio });
      var canvas = document.createElement("canvas");
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      canvas.style.width = "100%";
      canvas.className = "border mb-2 d-block";
      canvas.setAttribute("aria-label", box.dataset.pageLabel.replace("N", n));
      pages.appendChild(canvas);
      return page.render({ canvasContext: canvas.getContext("2d"), viewport: viewport }).promise;
    });
  }
})();
