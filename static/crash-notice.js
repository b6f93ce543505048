// Practice Pulse: plain messages from outside the wasm, which still work
// when the wasm cannot. It runs before the wasm, sends nothing anywhere and
// adds no inline script. Three cases:
// - no WebAssembly at all (iPhone Lockdown Mode, a browser with its JIT
//   turned off by policy): this browser or setting cannot run the survey;
// - a Content-Security-Policy that refuses to compile WebAssembly (a host's
//   header without 'wasm-unsafe-eval'; Safari 15): permanent, so no reload
//   is offered, and the console names the missing directive;
// - the wasm stops (a trap: a Rust panic compiled to abort, memory
//   exhausted, a module that cannot load): reload to carry on.
(function () {
  'use strict';
  var shown = false;

  function show(headingText, bodyText, withReload) {
    if (shown || !document.body) return;
    shown = true;
    var box = document.createElement('div');
    box.className = 'crash-notice';
    box.setAttribute('role', 'alert');
    var heading = document.createElement('h2');
    heading.textContent = headingText;
    var text = document.createElement('p');
    text.textContent = bodyText;
    box.append(heading, text);
    document.body.prepend(box);
    if (withReload) {
      var reload = document.createElement('button');
      reload.type = 'button';
      reload.className = 'button button--primary';
      reload.textContent = 'Reload the page';
      reload.addEventListener('click', function () { window.location.reload(); });
      box.append(reload);
      reload.focus();
    }
  }

  function crashed() {
    show('Something went wrong on this page',
      'Your answers so far are kept on this device, unless you chose a shared or work '
      + 'computer. Reload the page to carry on where you left off.', true);
  }

  var refused = false;
  function refusedByPolicy() {
    if (refused) return;
    refused = true;
    console.error('Practice Pulse cannot start: this page\'s Content-Security-Policy does not allow WebAssembly '
      + 'to compile. Add \'wasm-unsafe-eval\' to its script-src directive (see docs/embedding.md, "Headers"). '
      + 'Reloading will not help.');
    show('The survey cannot start on this page',
      'This website\'s security settings stop the survey from running, and reloading will not change that. '
      + 'Please tell whoever looks after this website: the browser\'s console says what to change.', false);
  }

  if (typeof WebAssembly !== 'object') {
    console.error('Practice Pulse cannot start: this browser has no WebAssembly (turned off by a setting '
      + 'or policy, such as Lockdown Mode or a browser with its JIT disabled).');
    show('This browser cannot run the survey',
      'The survey needs WebAssembly, which this browser or one of its settings has turned off (for example '
      + 'Lockdown Mode on an iPhone or iPad, or a policy on a work computer). Open the survey in another '
      + 'browser or on another device. In Lockdown Mode you can turn it off for this website in Safari\'s settings.',
      false);
    return;
  }

  function isPolicyRefusal(error) {
    return error instanceof WebAssembly.CompileError
      && /Content Security Policy|unsafe-eval|Refused to compile/i.test(String(error.message));
  }

  function isWasmFailure(error) {
    if (!error) return false;
    return error instanceof WebAssembly.RuntimeError
      || error instanceof WebAssembly.CompileError
      || error instanceof WebAssembly.LinkError;
  }

  function onError(error) {
    if (refused || isPolicyRefusal(error)) refusedByPolicy();
    else if (isWasmFailure(error)) crashed();
  }

  document.addEventListener('securitypolicyviolation', function (event) {
    if (event.blockedURI === 'wasm-eval' || (event.blockedURI === 'eval' && /script-src/.test(event.effectiveDirective))) {
      refusedByPolicy();
    }
  });
  window.addEventListener('error', function (event) { onError(event.error); });
  window.addEventListener('unhandledrejection', function (event) { onError(event.reason); });
})();
