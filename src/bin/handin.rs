//! The hand-in code: a Web Worker of its own (dist/handin_loader.js,
//! handin.js, handin_bg.wasm, built by the survey's Trunk config), fetched
//! only when a person presses "Hand in to the practice", so the sealing
//! code never grows the survey's first load. It says it is ready, then
//! answers each request (`hand_in_job::Request` as JSON text) with the
//! core's hand-in file or the reason there is none.

use practice_pulse::hand_in_job::{self, READY};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// The job itself, also callable from a page (bench/hand-in-seal.mjs times it).
#[wasm_bindgen]
pub fn hand_in(request: &str) -> String {
    hand_in_job::run(request)
}

fn main() {
    // Only inside a worker: loaded on a page (the bench), it just exports.
    let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() else { return };
    let reply_to = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let request = event.data().as_string().unwrap_or_default();
        let _ = reply_to.post_message(&JsValue::from_str(&hand_in_job::run(&request)));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives until the page ends it: its handler with it.
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str(READY));
}
