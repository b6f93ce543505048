use pulse_core::result_file::Problem;
use pulse_core::Rejected;
use wasm_bindgen_futures::JsFuture;
use web_sys::{FileList, HtmlInputElement};

/// One file the person chose, as far as the browser could read it.
pub enum Chosen {
    Read {
        name: String,
        bytes: Vec<u8>,
    },
    /// Larger than any result file: not read at all, so the page never
    /// freezes on a video chosen by mistake.
    TooLarge {
        name: String,
        size: usize,
    },
    Unreadable {
        name: String,
        detail: String,
    },
}

impl Chosen {
    /// The file's name and bytes, or the core's reason it cannot be read.
    pub fn into_bytes(self) -> Result<(String, Vec<u8>), Rejected> {
        match self {
            Chosen::Read { name, bytes } => Ok((name, bytes)),
            Chosen::TooLarge { name, size } => {
                Err(Rejected { file_name: name, problem: Problem::TooLarge { bytes: size } })
            }
            Chosen::Unreadable { name, detail } => {
                Err(Rejected { file_name: name, problem: Problem::Unreadable { detail } })
            }
        }
    }
}

/// Reads every chosen file on this device.
pub async fn read_files(list: FileList, max_bytes: usize) -> Vec<Chosen> {
    let mut out = Vec::new();
    for index in 0..list.length() {
        let Some(file) = list.item(index) else { continue };
        let name = file.name();
        // File sizes are whole numbers of bytes, so the cast only saturates
        // for files beyond usize, which are too large either way.
        let size = file.size() as usize;
        if size > max_bytes {
            out.push(Chosen::TooLarge { name, size });
            continue;
        }
        out.push(match JsFuture::from(file.array_buffer()).await {
            Ok(buffer) => Chosen::Read { name, bytes: js_sys::Uint8Array::new(&buffer).to_vec() },
            Err(e) => Chosen::Unreadable { name, detail: super::BrowserError::from(e).0 },
        });
    }
    out
}

/// The files a file input's `change` event carries, with the input, so it
/// can be cleared once they are read (then choosing the same file again is
/// noticed).
pub struct Picked {
    list: FileList,
    input: HtmlInputElement,
}

/// The files chosen in the file input that sent `event`, if any.
pub fn picked_files(event: &web_sys::Event) -> Option<Picked> {
    use wasm_bindgen::JsCast;
    let input: HtmlInputElement = event.target()?.dyn_into().ok()?;
    Some(Picked { list: input.files()?, input })
}

impl Picked {
    /// Reads every chosen file, then clears the input.
    pub async fn read(self, max_bytes: usize) -> Vec<Chosen> {
        let chosen = read_files(self.list, max_bytes).await;
        self.input.set_value("");
        chosen
    }
}
