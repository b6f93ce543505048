// A survey framed by a host page (embed.js sizes the frame and, on each new
// screen, brings the frame's top into view). A click inside the frame is
// aimed at the host page's coordinates, so the test acts only once the host
// has done what the frame asked: every message the frame has posted has
// reached the host, and the host has scrolled where it was asked to.

/**
 * Records every message a frame posts to the host page, from before any
 * arrives (a context's init script). Call before the first page opens.
 */
export async function recordFrameMessages(context) {
  await context.addInitScript(() => {
    window.__messages = [];
    window.addEventListener('message', (e) => {
      if (e.source !== window && e.data && typeof e.data === 'object') window.__messages.push(e.data);
    });
  });
}

/** The survey frame's Playwright Frame (for evaluate and axe). */
export async function frameOf(page, selector = 'iframe[data-practice-pulse]') {
  const handle = await page.locator(selector).first().elementHandle();
  return handle.contentFrame();
}

let marks = 0;
/**
 * Waits until every message the survey frame has posted so far has reached
 * the host page and been handled: after two animation frames in the survey
 * (its resize observer has run, so any height is posted; focus moved on the
 * next frame has scrolled), the frame posts a mark, and messages from one
 * frame arrive in order, each handled by every listener before the next.
 * No fixed wait, so a slow machine cannot make a late message look handled.
 * The host must not animate its scrolling (a context with reducedMotion
 * 'reduce', which embed.js honours): a scroll asked for is then done when
 * the message is handled.
 */
export async function flushed(page, selector = 'iframe[data-practice-pulse]') {
  const mark = ++marks;
  const frame = await frameOf(page, selector);
  await frame.evaluate((n) => new Promise((ok, fail) => {
    // A frame that is not drawn cannot be said to have sent its height.
    const timer = setTimeout(() => fail(new Error('the survey frame drew nothing in 30 s')), 30000);
    requestAnimationFrame(() => requestAnimationFrame(() => {
      clearTimeout(timer);
      parent.postMessage({ type: 'test:mark', n }, '*');
      ok();
    }));
  }), mark);
  await page.waitForFunction((n) => window.__messages.some((m) => m.type === 'test:mark' && m.n === n), mark, { timeout: 30000 });
}

/**
 * Presses `button` inside the framed survey and waits until the host page
 * has handled what the survey then asked (its new height, its top shown):
 * the next click is aimed at where things are, not where they were.
 */
export async function go(page, button, selector = 'iframe[data-practice-pulse]') {
  await button.click();
  await flushed(page, selector);
}
