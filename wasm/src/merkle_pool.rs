//! A Merkle root over many leaves computed on several threads (core's
//! [`nexuscone_core::merkle::Pieces`]), for the package's Node-only
//! `merkleRootThreaded`: [`MerklePieces`] cuts the leaves and joins the pieces'
//! hashes on the calling thread, [`merkle_piece_hashes`] hashes one piece on a
//! worker thread. The JavaScript moves the bytes between them and nothing else.

use js_sys::{Array, Uint8Array};
use nexuscone_core::merkle::{piece_hashes, NodeHash, Pieces, HASH_SIZE};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::error::{Code, JsErr};
use crate::merkle::leaves;

/// How a tree's leaves are cut for the threads, and the root from their pieces.
#[wasm_bindgen]
pub struct MerklePieces {
    pieces: Pieces,
}

#[wasm_bindgen]
impl MerklePieces {
    /// The pieces of a tree of `size` leaves for `workers` threads.
    #[wasm_bindgen(constructor)]
    pub fn new(size: f64, workers: u32) -> MerklePieces {
        MerklePieces {
            pieces: Pieces::for_workers(size as u64, workers as usize),
        }
    }

    /// The number of pieces.
    #[wasm_bindgen(getter)]
    pub fn count(&self) -> f64 {
        self.pieces.count() as f64
    }

    /// The index of the first leaf of piece `index`.
    pub fn start(&self, index: f64) -> f64 {
        self.pieces.range(index as u64).start as f64
    }

    /// The index after the last leaf of piece `index`.
    pub fn end(&self, index: f64) -> f64 {
        self.pieces.range(index as u64).end as f64
    }

    /// The root (hex) from the pieces' hashes, in order, each as
    /// `merklePieceHashes` gave them.
    ///
    /// # Errors
    /// `INVALID_INPUT` for a missing, extra or misshapen piece.
    pub fn root(&self, pieces: Array) -> Result<String, JsValue> {
        let hashes = pieces
            .iter()
            .map(|piece| node_hashes(&piece))
            .collect::<Result<Vec<_>, JsErr>>()?;
        let root = self
            .pieces
            .root(&hashes)
            .map_err(|e| JsErr::new(Code::InvalidInput, e.to_string()))?;
        Ok(root.to_hex())
    }
}

/// The hashes of one piece of the leaves, for [`MerklePieces::root`]: its entry
/// hashes as `merkleRoot` takes them packed (`Uint8Array` or `{ hex }`).
///
/// # Errors
/// `INVALID_HASH` as `merkleRoot`, the index counted from the piece's start.
#[wasm_bindgen(js_name = merklePieceHashes)]
pub fn merkle_piece_hashes(entry_hashes: JsValue) -> Result<Vec<u8>, JsValue> {
    let hashes = piece_hashes(leaves(&entry_hashes)?);
    Ok(hashes.iter().flat_map(|h| *h.as_bytes()).collect())
}

fn node_hashes(piece: &JsValue) -> Result<Vec<NodeHash>, JsErr> {
    let bytes = piece
        .dyn_ref::<Uint8Array>()
        .map(Uint8Array::to_vec)
        .filter(|b| b.len() % HASH_SIZE == 0)
        .ok_or_else(|| {
            JsErr::new(
                Code::InvalidInput,
                "a piece's hashes: expected a Uint8Array of 32-byte hashes".to_owned(),
            )
        })?;
    Ok(bytes
        .chunks_exact(HASH_SIZE)
        .map(|c| NodeHash::from_bytes(c.try_into().unwrap_or_default()))
        .collect())
}
