// Every ledger the real Python library wrote gets, through this package, the
// verdict the library gave it (fixtures/ledgers/*.expected.json: verify_chain with
// the keys of keys.json, and verify_witness_attestations), in every input form;
// and the report equals the Rust CLI's `verify --json` field by field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Readable } from 'node:stream';
import { verifyChain, verifyChainStream } from '../dist/node.js';
import { fixture, fixturesDir, ledgers, cliBinary } from './support/helpers.mjs';

/** Tampers Python misses and we catch on purpose (as cli/tests/python_verdicts.rs). */
const EXTRA_DETECTIONS = {
  tamper_rewrite_history: 'witness_mismatch',
  tamper_witness_head: 'witness_attestation',
  tamper_witness_sig_bitflip: 'witness_attestation',
  // Python never looks at anchors; these we catch with no trust input (bundle forms only:
  // a JSONL export carries no anchors).
  tamper_anchor_block_height: 'anchor_column',
  tamper_anchor_cut_tail: 'anchor_binding',
  tamper_anchor_head_entry_id: 'anchor_binding',
  tamper_anchor_head_hash: 'anchor_binding',
  tamper_anchor_head_hash_pending: 'anchor_binding',
  tamper_anchor_ots_appended: 'anchor_proof',
  tamper_anchor_rewrite_resigned: 'anchor_binding',
  tamper_anchor_tsa_gen_time: 'anchor_column',
  tamper_anchor_tst_sig: 'anchor_proof',
};
/**
 * Type tampers (as TYPE_TAMPERS in cli/tests/python_verdicts.rs): the library raises on
 * most (no verdict, no entry) and misses format_version 2.5. The kind we report first,
 * at the tampered entry, in the exports: `field_type` where they hold the mistyped value,
 * else what the changed value fails (a BLOB is exported as hex text).
 */
const TYPE_TAMPERS = {
  tamper_type_actor_blob: 'hash_mismatch',
  tamper_type_actor_not_utf8: 'field_type',
  tamper_type_format_version_real: 'field_type',
  tamper_type_format_version_text: 'field_type',
  tamper_type_signature_blob: 'bad_signature',
};
/**
 * Type tampers of a witness or attestation row (as ROW_TYPE_TAMPERS in
 * cli/tests/python_verdicts.rs): the entries are untouched; the library misses two and
 * raises on one. The bundle export holds a BLOB as hex text. Per ledger: the report
 * member naming the row, and the kind the bundle's first finding has there (null: the
 * changed value is covered by nothing, so the bundle verifies).
 */
const ROW_TYPE_TAMPERS = {
  tamper_type_attestation_head_real: ['attestation_id', 'field_type'],
  tamper_type_attestation_signed_at_blob: ['attestation_id', 'witness_attestation'],
  tamper_type_witness_label_blob: ['witness_id', null],
};
/** The row a row type tamper hit, from its description (`attestation 7: ...`). */
const tamperedRow = (expected) => Number(/^\w+ (\d+):/.exec(expected.tamper)[1]);
/** The entry a tamper hit, from its description (`entry 51: ...`). */
const tamperedEntry = (expected) => Number(/^entry (\d+):/.exec(expected.tamper)[1]);
/** Findings that are not verify_chain's: witnesses and anchors. */
const NOT_CHAIN_KINDS = ['witness_attestation', 'witness_mismatch', 'anchor_binding', 'anchor_proof', 'anchor_column'];
const keys = JSON.parse(fixture('keys.json'));

function agreesWithVerifyChain(stem, expected, report, form) {
  const python = expected.verify_chain;
  const ours = report.failures.find((f) => !NOT_CHAIN_KINDS.includes(f.kind));
  if (TYPE_TAMPERS[stem]) {
    assert.deepEqual([ours?.entry_id, ours?.kind], [tamperedEntry(expected), TYPE_TAMPERS[stem]], `${stem} (${form})`);
    return;
  }
  if (python.ok) {
    assert.equal(ours, undefined, `${stem} (${form}): Python accepts it, we report ${JSON.stringify(ours)}`);
    assert.equal(report.entries, python.count, `${stem} (${form}): entry count`);
    return;
  }
  assert.ok(ours, `${stem} (${form}): Python rejects it (${python.message}), we found nothing`);
  if (python.error_type === 'ChainVerificationError') {
    assert.ok(
      ours.message === python.message || ours.message.startsWith(`${python.message} (`),
      `${stem} (${form}): first failure\n ours:   ${ours.message}\n python: ${python.message}`,
    );
    assert.equal(ours.entry_id, python.entry_id, `${stem} (${form}): failing entry`);
  } else {
    assert.equal(ours.kind, 'bad_signature', `${stem} (${form})`);
    assert.equal(typeof ours.entry_id, 'number', `${stem} (${form}): the finding names the entry`);
  }
}

/** A bundle of a row type tamper: the finding at its row, or none where nothing covers it. */
function findsRowTypeTamper(stem, expected, report, form) {
  const [member, kind] = ROW_TYPE_TAMPERS[stem];
  if (kind === null) {
    assert.equal(report.valid, true, `${stem} (${form}): ${JSON.stringify(report.failures)}`);
    return;
  }
  const first = report.failures[0];
  assert.deepEqual([first?.[member], first?.kind, first?.entry_id], [tamperedRow(expected), kind, null], `${stem} (${form})`);
}

function agreesWithWitnesses(stem, expected, report, form) {
  const python = expected.witnesses;
  const ours = report.failures.filter((f) => f.kind === 'witness_attestation');
  if (python.ok) {
    assert.deepEqual(ours, [], `${stem} (${form}): Python accepts the attestations`);
  } else {
    assert.ok(ours.length > 0, `${stem} (${form}): Python rejects an attestation`);
    assert.equal(ours[0].message, python.message, `${stem} (${form}): first witness failure`);
  }
  const extra = EXTRA_DETECTIONS[stem];
  if (TYPE_TAMPERS[stem]) {
    assert.equal(report.valid, false, `${stem} (${form}): overall verdict`);
  } else if (extra) {
    assert.ok(report.failures.some((f) => f.kind === extra), `${stem} (${form}): expected a ${extra} finding`);
  } else {
    assert.equal(report.valid, expected.verify_chain.ok && python.ok, `${stem} (${form}): overall verdict`);
  }
}

for (const { stem, expected } of ledgers()) {
  test(`${stem}: every input form agrees with Python's verdicts`, async () => {
    const jsonl = fixture(`${stem}.jsonl`);
    const bundleText = fixture(`${stem}.bundle.json`).toString('utf8');
    const rows = jsonl.toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const options = { publicKeys: keys };
    const forms = {
      'jsonl bytes': verifyChain(new Uint8Array(jsonl), options),
      'jsonl text': verifyChain(jsonl.toString('utf8'), options),
      'rows array': verifyChain(rows, options),
      'jsonl stream': await verifyChainStream(Readable.from([jsonl.subarray(0, 1000), jsonl.subarray(1000)]), options),
    };
    for (const [form, report] of Object.entries(forms)) {
      agreesWithVerifyChain(stem, expected, report, form);
    }
    // The rows array goes through JSON.parse, so its numbers are doubles: same report.
    assert.deepEqual(forms['rows array'], forms['jsonl bytes'], `${stem}: rows array vs JSONL`);
    assert.deepEqual(forms['jsonl stream'], forms['jsonl bytes'], `${stem}: stream vs whole`);
    const bundles = {
      'bundle text': verifyChain(bundleText, options),
      'bundle object': verifyChain(JSON.parse(bundleText), options),
    };
    for (const [form, report] of Object.entries(bundles)) {
      if (ROW_TYPE_TAMPERS[stem]) {
        findsRowTypeTamper(stem, expected, report, form);
      } else {
        agreesWithVerifyChain(stem, expected, report, form);
        agreesWithWitnesses(stem, expected, report, form);
      }
    }
  });
}

const cli = cliBinary();
test('reports equal the Rust CLI verify --json field by field', { skip: cli ? false : 'no target/*/nexuscone built' }, () => {
  let compared = 0;
  for (const { stem } of ledgers()) {
    for (const [ext, withKeys] of [['jsonl', true], ['bundle.json', true], ['bundle.json', false], ['jsonl', false]]) {
      const file = path.join(fixturesDir, `${stem}.${ext}`);
      const args = ['verify', file, '--json', ...(withKeys ? ['--keys', path.join(fixturesDir, 'keys.json')] : [])];
      let stdout;
      try {
        stdout = execFileSync(cli, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
      } catch (e) {
        stdout = e.stdout; // exit 1: the ledger failed verification
      }
      const theirs = JSON.parse(stdout);
      const ours = verifyChain(fixture(`${stem}.${ext}`), withKeys ? { publicKeys: keys } : {});
      // The package adds to each limit the option that lifts it; the CLI prints its own hint.
      assert.ok(ours.limits.every((l) => l.kind !== 'signatures_unchecked' || l.hint === 'options.publicKeys'));
      ours.limits = ours.limits.map(({ hint, ...limit }) => limit);
      for (const field of Object.keys(theirs)) {
        assert.deepEqual(ours[field], theirs[field], `${stem}.${ext} keys=${withKeys}: field ${field}`);
      }
      assert.deepEqual(Object.keys(ours).sort(), Object.keys(theirs).sort(), `${stem}.${ext}: same fields`);
      compared++;
    }
  }
  assert.ok(compared >= 80);
});
