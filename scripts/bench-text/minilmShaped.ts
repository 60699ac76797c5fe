/**
 * Writes a BERT encoder with the exact shape of all-MiniLM-L6-v2 (6 layers, hidden 384, 12 heads,
 * feed-forward 1536, 30,522-token vocabulary, 512 positions) and seeded random weights, in the
 * transformers.js folder layout, for throughput benchmarks only. No pretrained transformers.js model
 * can be downloaded here; this one costs the same arithmetic per token as the real MiniLM, so its
 * texts/s is the real model's (fp32), while its embeddings mean nothing.
 *
 * The ONNX protobuf is written by hand (a few message types) to avoid a Python/onnx dependency.
 */
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '../../src/core/stats';

// --- Minimal protobuf writer ------------------------------------------------------------------
class Writer {
  private chunks: Uint8Array[] = [];
  private length = 0;

  private push(bytes: Uint8Array): this {
    this.chunks.push(bytes);
    this.length += bytes.length;
    return this;
  }

  private varint(value: bigint): this {
    let v = BigInt.asUintN(64, value);
    const out: number[] = [];
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v > 0n) byte |= 0x80;
      out.push(byte);
    } while (v > 0n);
    return this.push(Uint8Array.from(out));
  }

  private key(field: number, wire: number): this {
    return this.varint(BigInt((field << 3) | wire));
  }

  int(field: number, value: number | bigint): this {
    return this.key(field, 0).varint(BigInt(value));
  }

  float(field: number, value: number): this {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    return this.key(field, 5).push(bytes);
  }

  bytes(field: number, value: Uint8Array): this {
    return this.key(field, 2).varint(BigInt(value.length)).push(value);
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, build: (w: Writer) => void): this {
    const inner = new Writer();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const c of this.chunks) {
      out.set(c, offset);
      offset += c.length;
    }
    return out;
  }
}

const FLOAT = 1;
const INT64 = 7;

interface Tensor { name: string; dims: number[]; type: number; raw: Uint8Array }
type Attr = { name: string; i?: number; f?: number; ints?: number[] };
interface Node { op: string; inputs: string[]; outputs: string[]; attrs?: Attr[] }

function tensorMessage(w: Writer, t: Tensor): void {
  for (const d of t.dims) w.int(1, d);
  w.int(2, t.type);
  w.string(8, t.name);
  w.bytes(9, t.raw);
}

function valueInfo(w: Writer, name: string, type: number, dims: (number | string)[]): void {
  w.string(1, name);
  w.message(2, (tp) => tp.message(1, (tt) => {
    tt.int(1, type);
    tt.message(2, (shape) => {
      for (const d of dims) shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
    });
  }));
}

// --- The BERT graph ---------------------------------------------------------------------------
export interface BertShape { vocab: number; hidden: number; layers: number; heads: number; intermediate: number; positions: number }
export const MINILM_L6: BertShape = { vocab: 30522, hidden: 384, layers: 6, heads: 12, intermediate: 1536, positions: 512 };

export function bertOnnx(shape: BertShape, seed = 1): Uint8Array {
  const random = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const tensors: Tensor[] = [];
  const nodes: Node[] = [];
  const weight = (name: string, dims: number[], fill?: number) => {
    const n = dims.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = fill ?? 0.02 * normal();
    tensors.push({ name, dims, type: FLOAT, raw: new Uint8Array(data.buffer) });
    return name;
  };
  const ints = (name: string, values: number[]) => {
    tensors.push({ name, dims: [values.length], type: INT64, raw: new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer) });
    return name;
  };
  const scalar = (name: string, value: number) => {
    tensors.push({ name, dims: [], type: FLOAT, raw: new Uint8Array(Float32Array.of(value).buffer) });
    return name;
  };
  let counter = 0;
  const op = (type: string, inputs: string[], attrs?: Attr[]) => {
    const out = `${type.toLowerCase()}_${counter++}`;
    nodes.push({ op: type, inputs, outputs: [out], attrs });
    return out;
  };
  const { hidden: H, heads, intermediate: F } = shape;
  const dh = H / heads;
  const layerNorm = (x: string, prefix: string) =>
    op('LayerNormalization', [x, weight(`${prefix}.gamma`, [H], 1), weight(`${prefix}.beta`, [H], 0)], [{ name: 'axis', i: -1 }, { name: 'epsilon', f: 1e-12 }]);
  const linear = (x: string, prefix: string, fanIn: number, fanOut: number) =>
    op('Add', [op('MatMul', [x, weight(`${prefix}.weight`, [fanIn, fanOut])]), weight(`${prefix}.bias`, [fanOut], 0)]);

  // Embeddings: word + position (first seq-len rows) + token type, then LayerNorm.
  const word = op('Gather', [weight('word_embeddings', [shape.vocab, H]), 'input_ids']);
  const seqLen = op('Slice', [op('Shape', ['input_ids']), ints('one', [1]), ints('two', [2]), ints('zero_axis', [0])]);
  const positions = op('Slice', [weight('position_embeddings', [shape.positions, H]), ints('zero', [0]), seqLen, ints('axis0', [0])]);
  const types = op('Gather', [weight('token_type_embeddings', [2, H]), 'token_type_ids']);
  let x = layerNorm(op('Add', [op('Add', [word, positions]), types]), 'embeddings.norm');

  // Additive attention mask: 0 where attended, -10000 where padded; [batch, 1, 1, seq].
  const maskFloat = op('Cast', ['attention_mask'], [{ name: 'to', i: FLOAT }]);
  const mask = op('Unsqueeze', [op('Mul', [op('Sub', [scalar('one_f', 1), maskFloat]), scalar('minus_big', -10000)]), ints('mask_axes', [1, 2])]);
  const headsShape = ints('heads_shape', [0, 0, heads, dh]);
  const mergedShape = ints('merged_shape', [0, 0, H]);
  const scale = scalar('attention_scale', 1 / Math.sqrt(dh));

  for (let l = 0; l < shape.layers; l++) {
    const p = `layer${l}`;
    const split = (name: string, perm: number[]) =>
      op('Transpose', [op('Reshape', [linear(x, `${p}.${name}`, H, H), headsShape])], [{ name: 'perm', ints: perm }]);
    const q = split('query', [0, 2, 1, 3]);
    const k = split('key', [0, 2, 3, 1]);
    const v = split('value', [0, 2, 1, 3]);
    const probs = op('Softmax', [op('Add', [op('Mul', [op('MatMul', [q, k]), scale]), mask])], [{ name: 'axis', i: -1 }]);
    const context = op('Reshape', [op('Transpose', [op('MatMul', [probs, v])], [{ name: 'perm', ints: [0, 2, 1, 3] }]), mergedShape]);
    const attended = layerNorm(op('Add', [x, linear(context, `${p}.attention_output`, H, H)]), `${p}.attention_norm`);
    const inner = linear(attended, `${p}.intermediate`, H, F);
    // GELU(x) = 0.5 · x · (1 + erf(x / √2))
    const gelu = op('Mul', [op('Mul', [inner, op('Add', [op('Erf', [op('Div', [inner, scalar(`${p}.sqrt2`, Math.SQRT2)])]), scalar(`${p}.one`, 1)])]), scalar(`${p}.half`, 0.5)]);
    x = layerNorm(op('Add', [attended, linear(gelu, `${p}.output`, F, H)]), `${p}.output_norm`);
  }
  nodes.push({ op: 'Identity', inputs: [x], outputs: ['last_hidden_state'] });

  const model = new Writer();
  model.int(1, 8); // IR version 8
  model.string(2, 'shelfcast-bench (random weights, MiniLM-L6 shape)');
  model.message(7, (g) => {
    for (const n of nodes) {
      g.message(1, (w) => {
        for (const i of n.inputs) w.string(1, i);
        for (const o of n.outputs) w.string(2, o);
        w.string(4, n.op);
        for (const a of n.attrs ?? []) {
          w.message(5, (aw) => {
            aw.string(1, a.name);
            if (a.i !== undefined) aw.int(3, a.i).int(20, 2);
            else if (a.f !== undefined) aw.float(2, a.f).int(20, 1);
            else if (a.ints) {
              for (const v of a.ints) aw.int(8, v);
              aw.int(20, 7);
            }
          });
        }
      });
    }
    g.string(2, 'bert');
    for (const t of tensors) g.message(5, (w) => tensorMessage(w, t));
    for (const name of ['input_ids', 'attention_mask', 'token_type_ids']) g.message(11, (w) => valueInfo(w, name, INT64, ['batch', 'sequence']));
    g.message(12, (w) => valueInfo(w, 'last_hidden_state', FLOAT, ['batch', 'sequence', H]));
  });
  model.message(8, (o) => o.string(1, '').int(2, 17));
  return model.finish();
}

/**
 * Writes the model folder (config, tokenizer files of the BERT-uncased fixture, onnx/model.onnx and an
 * identical onnx/model_quantized.onnx) once; returns its path.
 */
export function writeMiniLmShaped(dir: string, tokenizerFrom: string): string {
  const onnx = join(dir, 'onnx', 'model.onnx');
  if (existsSync(onnx)) return dir;
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  for (const file of ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json']) copyFileSync(join(tokenizerFrom, file), join(dir, file));
  const s = MINILM_L6;
  writeFileSync(join(dir, 'config.json'), JSON.stringify({
    _name_or_path: 'SYNTHETIC: random weights in the shape of all-MiniLM-L6-v2 (benchmark only)',
    model_type: 'bert', architectures: ['BertModel'], vocab_size: s.vocab, hidden_size: s.hidden, num_hidden_layers: s.layers,
    num_attention_heads: s.heads, intermediate_size: s.intermediate, max_position_embeddings: s.positions, type_vocab_size: 2,
    hidden_act: 'gelu', layer_norm_eps: 1e-12, pad_token_id: 0,
  }, null, 2));
  const bytes = bertOnnx(s);
  writeFileSync(onnx, bytes);
  writeFileSync(join(dir, 'onnx', 'model_quantized.onnx'), bytes);
  return dir;
}
