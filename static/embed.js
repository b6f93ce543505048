/* Practice Pulse embed.js: sizes every <iframe data-practice-pulse> on a
   practice's page to the survey's height. No dependencies, no requests.
   It listens only to messages whose source is one of those frames' own
   window; the frame's origin is learnt from them (an address that
   redirects, say http to https, ends on another origin than its src: the
   console says so). It answers a height with "practice-pulse:sized", so
   the survey hides its own scrollbar only when this script sizes it.
   Documented in docs/embedding.md. */
(function () {
  'use strict';
  var reduce = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)');

  function originOf(frame) {
    try { return new URL(frame.getAttribute('src'), document.baseURI).origin; } catch (e) { return null; }
  }

  function surveyFrameOf(source) {
    var list = document.querySelectorAll('iframe[data-practice-pulse]');
    for (var j = 0; j < list.length; j++) {
      if (source && source === list[j].contentWindow) return list[j];
    }
    return null;
  }

  function warnIfMoved(frame, origin) {
    var expected = originOf(frame);
    // A sandboxed frame's origin is "null": not a redirect.
    if (origin === expected || origin === 'null' || frame.getAttribute('data-practice-pulse-seen') === origin) return;
    frame.setAttribute('data-practice-pulse-seen', origin);
    console.warn('Practice Pulse: the survey frame\'s src (' + expected + ') ended on ' + origin
      + ' (a redirect). It is sized all the same; put the address it ends on in the snippet (docs/embedding.md).');
  }

  window.addEventListener('message', function (event) {
    var frame = surveyFrameOf(event.source);
    if (!frame) return;
    var data = event.data;
    if (!data || typeof data !== 'object') return;
    warnIfMoved(frame, event.origin);
    var sized = function () {
      try {
        event.source.postMessage({ type: 'practice-pulse:sized' }, event.origin === 'null' ? '*' : event.origin);
      } catch (e) { /* the frame has gone */ }
    };
    if (data.type === 'practice-pulse:height') {
      var h = data.height;
      if (typeof h === 'number' && isFinite(h) && h > 0 && h < 100000) {
        frame.style.height = Math.ceil(h) + 'px';
        sized();
      }
    } else if (data.type === 'practice-pulse:fill') {
      // A screen whose length depends on the answers: the frame fills the
      // window and scrolls inside, so its height tells this page nothing.
      frame.style.height = Math.max(320, window.innerHeight) + 'px';
      sized();
    } else if (data.type === 'practice-pulse:top') {
      var top = frame.getBoundingClientRect().top;
      if (top < 0 || top > window.innerHeight / 2) {
        frame.scrollIntoView({ block: 'start', behavior: reduce && reduce.matches ? 'auto' : 'smooth' });
      }
    }
  });
})();
