// Practice Pulse: a plain message if the app's WebAssembly ever stops (a
// trap: a Rust panic compiled to abort, memory exhausted, a module that
// cannot load). It runs outside the wasm, before it, so it still works when
// the wasm cannot; it sends nothing anywhere and adds no inline script.
(function () {
  'use strict';
  var shown = false;

  function isWasmFailure(error) {
    if (typeof WebAssembly === 'undefined' || !error) return false;
    return error instanceof WebAssembly.RuntimeError
      || error instanceof WebAssembly.CompileError
      || error instanceof WebAssembly.LinkError;
  }

  function show() {
    if (shown || !document.body) return;
    shown = true;
    var box = document.createElement('div');
    box.className = 'crash-notice';
    box.setAttribute('role', 'alert');
    var heading = document.createElement('h2');
    heading.textContent = 'Something went wrong on this page';
    var text = document.createElement('p');
    text.textContent = 'Your answers so far are kept on this device, unless you chose a shared or work '
      + 'computer. Reload the page to carry on where you left off.';
    var reload = document.createElement('button');
    reload.type = 'button';
    reload.className = 'button button--primary';
    reload.textContent = 'Reload the page';
    reload.addEventListener('click', function () { window.location.reload(); });
    box.append(heading, text, reload);
    document.body.prepend(box);
    reload.focus();
  }

  window.addEventListener('error', function (event) { if (isWasmFailure(event.error)) show(); });
  window.addEventListener('unhandledrejection', function (event) { if (isWasmFailure(event.reason)) show(); });
})();
