//! Prints the worked examples of `docs/SPEC.md`, computed by this crate.
//!
//! `cargo run -p nexuscone-core --example spec_examples`

use nexuscone_core::checkpoint::Checkpoint;
use nexuscone_core::merkle::{entry_leaf, MerkleTree};
use nexuscone_core::note::SignerKey;
use nexuscone_core::redaction;
use nexuscone_core::writer::{ChainWriter, NewEntry, WriteFormat};

fn main() {
    let mut writer = ChainWriter::new();
    let mut entries = Vec::new();
    for i in 0..7 {
        let payload = format!("{{\"n\":{i}}}");
        entries.push(
            writer
                .append(
                    &NewEntry {
                        timestamp: &format!("2024-05-01T12:00:0{i}.000000Z"),
                        actor: "alice",
                        action: "log",
                        event_type: "request",
                        payload_json: payload.as_bytes(),
                        format: WriteFormat::V2,
                    },
                    None,
                )
                .unwrap(),
        );
    }
    let mut tree = MerkleTree::new();
    println!("## 7 leaves (entries 1..7: actor alice, action log, payload {{\"n\":i}}, timestamp 2024-05-01T12:00:0i.000000Z, format 2, unsigned)");
    for (i, e) in entries.iter().enumerate() {
        let h = nexuscone_core::entry::EntryHash::from_hex(&e.entry_hash).unwrap();
        let leaf = entry_leaf(&h);
        tree.push(leaf);
        println!("leaf {i}: entry_hash {}  leaf_hash {}", e.entry_hash, leaf);
    }
    for size in 1..=7 {
        println!("root size {size}: {}", tree.root_at(size).unwrap());
    }
    let inclusion = tree.inclusion_proof(2, 7).unwrap();
    println!("\n## inclusion proof leaf_index 2, tree_size 7");
    for p in &inclusion.path {
        println!("  {p}");
    }
    let consistency = tree.consistency_proof(3, 7).unwrap();
    println!("\n## consistency proof 3 -> 7");
    for p in &consistency.path {
        println!("  {p}");
    }
    let seed = [7u8; 32];
    let signer = SignerKey::from_seed("example.com/log", &seed).unwrap();
    let checkpoint = Checkpoint {
        origin: "example.com/log".into(),
        size: 7,
        root: tree.root(),
        extensions: Vec::new(),
    };
    println!("\n## checkpoint (seed 32 bytes of 0x07, key name example.com/log)");
    print!("{}", checkpoint.sign(&[&signer]).unwrap());
    println!("vkey: {}", signer.verifier());

    let mut redacted = entries[1].clone();
    let record = redaction::redact(
        &mut redacted,
        "GDPR art. 17",
        "dpo",
        "2024-06-01T00:00:00.000000Z",
    );
    println!(
        "\n## redaction of entry 2 (original payload {})",
        entries[1].payload
    );
    println!("marker payload: {}", redacted.payload);
    println!("redaction record payload: {}", record.to_payload());

    let mut w3 = ChainWriter::new();
    let e3 = w3
        .append(
            &NewEntry {
                timestamp: "2024-05-01T12:00:00.000000Z",
                actor: "alice",
                action: "login",
                event_type: "request",
                payload_json: br#"{"user_id":"u-001"}"#,
                format: WriteFormat::V3 { salt: [0x11; 32] },
            },
            None,
        )
        .unwrap();
    let mut preimage = Vec::new();
    e3.write_hash_preimage(nexuscone_core::entry::HashFormat::V3, &mut preimage);
    let preimage = String::from_utf8_lossy(&preimage);
    println!("\n## format-3 entry (salt 32 bytes of 0x11)");
    println!("payload: {}", e3.payload);
    println!("payload_salt: {}", e3.payload_salt.as_deref().unwrap());
    println!("payload_hash: {}", e3.payload_hash.as_deref().unwrap());
    println!("hash preimage: {preimage}");
    println!("entry_hash: {}", e3.entry_hash);
}
