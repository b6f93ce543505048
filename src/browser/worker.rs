use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, MessageEvent, Url, Worker};

use super::BrowserError;

/// How long a worker may take to load (fetch and compile its WebAssembly)
/// before it is given up: a busy or old reception PC can take long.
const WORKER_LOAD_TIMEOUT_MS: i32 = 120_000;
/// How long a loaded worker may take to answer the request.
const WORKER_ANSWER_TIMEOUT_MS: i32 = 60_000;

/// Starts a Web Worker, waits for it to post `ready`, posts `request`, and
/// returns its first answer; the worker is ended after, so nothing of the
/// request stays in memory there. The worker is `script` (one of the app's
/// own files), or, when the page carries the worker's code in a data block
/// with the id `block` (the one-file survey, which cannot start a worker
/// from another file), that code from a blob: address. An error when the
/// worker cannot start (a policy that forbids it), fails, does not load
/// in two minutes, or does not answer within a minute of loading.
pub async fn ask_worker(
    script: &str,
    block: &str,
    ready: &str,
    request: &str,
) -> Result<String, BrowserError> {
    let window = web_sys::window().ok_or_else(|| BrowserError("no window".into()))?;
    let inside = window.document().and_then(|d| d.get_element_by_id(block)).and_then(|e| e.text_content());
    let made = match inside {
        Some(code) => {
            let options = BlobPropertyBag::new();
            options.set_type("text/javascript");
            let blob = Blob::new_with_str_sequence_and_options(
                &js_sys::Array::of1(&JsValue::from_str(&code)),
                &options,
            )?;
            Some(Url::create_object_url_with_blob(&blob)?)
        }
        None => None,
    };
    let started = Worker::new(made.as_deref().unwrap_or(script));
    let answer = match started {
        Ok(worker) => ask(&window, worker, ready, request).await,
        Err(e) => Err(e.into()),
    };
    if let Some(url) = made {
        let _ = Url::revoke_object_url(&url);
    }
    answer
}

async fn ask(
    window: &web_sys::Window,
    worker: Worker,
    ready: &str,
    request: &str,
) -> Result<String, BrowserError> {
    // The promise's resolve and reject, kept for the handlers below.
    let settle: Rc<RefCell<Option<(Function, Function)>>> = Rc::new(RefCell::new(None));
    let promise = {
        let settle = settle.clone();
        Promise::new(&mut move |resolve, reject| {
            *settle.borrow_mut() = Some((resolve, reject));
        })
    };
    let finish = {
        let settle = settle.clone();
        move |ok: bool, value: JsValue| {
            if let Some((resolve, reject)) = settle.borrow_mut().take() {
                let _ = if ok {
                    resolve.call1(&JsValue::NULL, &value)
                } else {
                    reject.call1(&JsValue::NULL, &value)
                };
            }
        }
    };
    let on_timeout = {
        let finish = finish.clone();
        Closure::<dyn FnMut()>::new(move || finish(false, JsValue::from_str("the worker did not answer")))
    };
    // The timer running now: loading first, then answering.
    let timer: Rc<Cell<Option<i32>>> = Rc::new(Cell::new(None));
    let restart = {
        let window = window.clone();
        let timer = timer.clone();
        let on_timeout: Function = on_timeout.as_ref().unchecked_ref::<Function>().clone();
        move |ms: i32| -> Result<(), JsValue> {
            if let Some(old) = timer.take() {
                window.clear_timeout_with_handle(old);
            }
            timer.set(Some(window.set_timeout_with_callback_and_timeout_and_arguments_0(&on_timeout, ms)?));
            Ok(())
        }
    };
    restart(WORKER_LOAD_TIMEOUT_MS)?;
    let on_message = {
        let restart = restart.clone();
        let worker = worker.clone();
        let ready = ready.to_owned();
        let request = request.to_owned();
        let finish = finish.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let data = event.data().as_string().unwrap_or_default();
            if data == ready {
                if let Err(e) = restart(WORKER_ANSWER_TIMEOUT_MS)
                    .and_then(|()| worker.post_message(&JsValue::from_str(&request)))
                {
                    finish(false, e);
                }
            } else {
                finish(true, JsValue::from_str(&data));
            }
        })
    };
    let on_error = {
        let finish = finish.clone();
        Closure::<dyn FnMut(JsValue)>::new(move |_| finish(false, JsValue::from_str("the worker failed")))
    };
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    worker.set_onmessageerror(Some(on_error.as_ref().unchecked_ref()));
    let answer = JsFuture::from(promise).await;
    if let Some(running) = timer.take() {
        window.clear_timeout_with_handle(running);
    }
    worker.terminate();
    worker.set_onmessage(None);
    worker.set_onerror(None);
    worker.set_onmessageerror(None);
    drop((on_message, on_error, on_timeout));
    let answer = answer?;
    answer.as_string().ok_or_else(|| BrowserError("the worker answered with no text".into()))
}
