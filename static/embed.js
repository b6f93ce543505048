/* Practice Pulse embed.js: sizes every <iframe data-practice-pulse> on a
   practice's page to the survey's height. No dependencies, no requests.
   It listens only to messages whose source is one of those frames' own
   window and whose origin is that frame's origin; everything else is
   ignored. Documented in docs/embedding.md. */
(function () {
  'use strict';
  var reduce = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)');

  function originOf(frame) {
    try { return new URL(frame.getAttribute('src'), document.baseURI).origin; } catch (e) { return null; }
  }

  function prepare(frame) {
    frame.style.overflow = 'hidden';
    frame.setAttribute('scrolling', 'no');
  }

  var frames = document.querySelectorAll('iframe[data-practice-pulse]');
  for (var i = 0; i < frames.length; i++) prepare(frames[i]);

  window.addEventListener('message', function (event) {
    var list = document.querySelectorAll('iframe[data-practice-pulse]');
    for (var j = 0; j < list.length; j++) {
      var frame = list[j];
      if (event.source !== frame.contentWindow) continue;
      if (event.origin !== originOf(frame)) return;
      var data = event.data;
      if (!data || typeof data !== 'object') return;
      if (data.type === 'practice-pulse:height') {
        var h = data.height;
        if (typeof h === 'number' && isFinite(h) && h > 0 && h < 100000) {
          prepare(frame);
          frame.style.height = Math.ceil(h) + 'px';
        }
      } else if (data.type === 'practice-pulse:top') {
        var top = frame.getBoundingClientRect().top;
        if (top < 0 || top > window.innerHeight / 2) {
          frame.scrollIntoView({ block: 'start', behavior: reduce && reduce.matches ? 'auto' : 'smooth' });
        }
      }
      return;
    }
  });
})();
