/**
 * Dev-time check: compares every declaration in src/apis/defs with Kafka's own JSON message specs
 * read from a local kafka-clients jar, version by version (field order, names, types,
 * nullability, tags, defaults, version range, first flexible version).
 *
 *   pnpm --filter @tskafka/protocol build && node scripts/check-specs.ts [--jar path/to/kafka-clients.jar]
 *
 * Exit code 1 and a list of differences when they disagree.
 */
import { execFileSync } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { apis, ConsumerProtocolAssignment, ConsumerProtocolSubscription } from '../dist/index.js';

interface SpecField {
  name: string;
  type: string;
  versions?: string;
  nullableVersions?: string;
  taggedVersions?: string;
  tag?: number;
  default?: string | number | boolean;
  ignorable?: boolean;
  fields?: SpecField[];
}
interface Spec {
  apiKey: number;
  type: string;
  name: string;
  validVersions: string;
  flexibleVersions: string;
  latestVersionUnstable?: boolean;
  fields: SpecField[];
  commonStructs?: { name: string; fields: SpecField[] }[];
}
interface DeclaredField {
  kind: string;
  versions?: { lo: number; hi: number };
  nullable?: { lo: number; hi: number };
  tag?: number;
  defaultValue?: unknown;
  ignorable: boolean;
  element?: DeclaredField;
  fields?: Record<string, DeclaredField>;
}
interface DeclaredApi {
  key: number;
  name: string;
  minVersion: number;
  maxVersion: number;
  flexibleFrom: number;
  request: Record<string, DeclaredField>;
  response: Record<string, DeclaredField>;
}

const args = process.argv.slice(2);
const jarArg = args.indexOf('--jar');
const jar =
  jarArg >= 0
    ? args[jarArg + 1]!
    : join(homedir(), '.m2/repository/org/apache/kafka/kafka-clients/4.3.1/kafka-clients-4.3.1.jar');

function readSpec(file: string): Spec {
  let text: string;
  try {
    text = execFileSync('unzip', ['-p', jar, `common/message/${file}`], { encoding: 'utf8', stdio: 'pipe' });
  } catch {
    process.stderr.write(`${file} is not in ${jar}\n`);
    process.exit(1);
  }
  return JSON.parse(text.replace(/^\s*\/\/.*$/gm, '')) as Spec;
}

function range(s: string | undefined): [number, number] | null {
  if (s === undefined || s === 'none') return null;
  const m = /^(\d+)(\+|-(\d+))?$/.exec(s)!;
  const lo = Number(m[1]);
  return [lo, m[2] === undefined ? lo : m[2] === '+' ? Infinity : Number(m[3])];
}
const within = (r: [number, number] | null, v: number) => r !== null && v >= r[0] && v <= r[1];
const camel = (n: string) => n[0]!.toLowerCase() + n.slice(1);

/** One line per field present at `v`, in wire order: path, type, nullability, tag, default. */
function specLines(
  fields: SpecField[],
  commons: Map<string, SpecField[]>,
  v: number,
  flex: boolean,
  path: string,
): string[] {
  const out: string[] = [];
  for (const f of fields) {
    if (!within(range(f.versions), v)) continue;
    const p = `${path}/${camel(f.name)}`;
    const tagged = flex && f.tag !== undefined && within(range(f.taggedVersions), v);
    const nullable = within(range(f.nullableVersions), v);
    const isArray = f.type.startsWith('[]');
    const base = isArray ? f.type.slice(2) : f.type;
    const isStruct = /^[A-Z]/.test(base);
    const kind = isArray ? `array<${isStruct ? 'struct' : base}>` : isStruct ? 'struct' : base;
    out.push(
      `${p} ${kind}${nullable ? ' nullable' : ''}${tagged ? ` tag=${f.tag}` : ''} default=${specDefault(f, kind)}`,
    );
    if (isStruct) out.push(...specLines(f.fields ?? commons.get(base) ?? [], commons, v, flex, p));
  }
  return out;
}

function specDefault(f: SpecField, kind: string): string {
  const d = f.default === undefined ? undefined : String(f.default);
  if (kind.startsWith('array') || kind === 'struct' || kind === 'bytes')
    return d === 'null' ? 'null' : 'empty';
  if (kind === 'records') return 'null';
  if (kind === 'uuid') return 'zero';
  if (d === undefined) return kind === 'bool' ? 'false' : kind === 'string' ? "''" : '0';
  if (d === 'null') return 'null';
  if (kind === 'bool') return String(d.toLowerCase() === 'true');
  if (kind === 'string') return `'${d}'`;
  return kind === 'int64' ? BigInt(d).toString() : String(Number(d));
}

function declaredLines(
  fields: Record<string, DeclaredField>,
  v: number,
  flex: boolean,
  path: string,
): string[] {
  const out: string[] = [];
  for (const [name, f] of Object.entries(fields)) {
    if (f.versions !== undefined && !(v >= f.versions.lo && v <= f.versions.hi)) continue;
    const p = `${path}/${name}`;
    const nullable = f.nullable !== undefined && v >= f.nullable.lo && v <= f.nullable.hi;
    const tagged = flex && f.tag !== undefined;
    const kind = f.kind === 'array' ? `array<${f.element!.kind}>` : f.kind;
    out.push(
      `${p} ${kind}${nullable ? ' nullable' : ''}${tagged ? ` tag=${f.tag}` : ''} default=${declaredDefault(f, kind)}`,
    );
    const nested =
      f.kind === 'struct' ? f.fields : f.element?.kind === 'struct' ? f.element.fields : undefined;
    if (nested !== undefined) out.push(...declaredLines(nested, v, flex, p));
  }
  return out;
}

function declaredDefault(f: DeclaredField, kind: string): string {
  const d = f.defaultValue;
  if (kind.startsWith('array') || kind === 'struct' || kind === 'bytes') return d === null ? 'null' : 'empty';
  if (kind === 'records') return 'null';
  if (kind === 'uuid') return 'zero';
  if (d === null) return 'null';
  if (kind === 'string') return `'${d ?? ''}'`;
  if (kind === 'bool') return String(d === true);
  return String(d ?? 0);
}

const problems: string[] = [];
let checked = 0;
for (const api of Object.values(apis) as unknown as DeclaredApi[]) {
  for (const side of ['request', 'response'] as const) {
    const spec = readSpec(`${api.name}${side === 'request' ? 'Request' : 'Response'}.json`);
    const valid = range(spec.validVersions)!;
    // Only the request spec carries latestVersionUnstable; it holds for both sides.
    const unstable = readSpec(`${api.name}Request.json`).latestVersionUnstable === true;
    const top = unstable ? valid[1] - 1 : valid[1];
    if (spec.apiKey !== api.key) problems.push(`${api.name}: key ${api.key}, spec says ${spec.apiKey}`);
    if (api.minVersion !== valid[0] || api.maxVersion !== top) {
      problems.push(
        `${api.name} ${side}: versions ${api.minVersion}-${api.maxVersion}, spec serves ${valid[0]}-${top}`,
      );
    }
    const flex = range(spec.flexibleVersions);
    const flexFrom = flex === null ? Infinity : Math.max(flex[0], api.minVersion);
    if (flexFrom !== api.flexibleFrom)
      problems.push(`${api.name}: flexible from ${api.flexibleFrom}, spec ${flexFrom}`);
    const commons = new Map((spec.commonStructs ?? []).map((c) => [c.name, c.fields]));
    for (let v = api.minVersion; v <= api.maxVersion; v++) {
      const isFlex = v >= flexFrom;
      const want = specLines(spec.fields, commons, v, isFlex, '');
      const have = declaredLines(api[side], v, isFlex, '');
      checked++;
      for (let i = 0; i < Math.max(want.length, have.length); i++) {
        if (want[i] !== have[i]) {
          problems.push(
            `${api.name} v${v} ${side}: declared '${have[i] ?? '(nothing)'}', spec '${want[i] ?? '(nothing)'}'`,
          );
          break;
        }
      }
    }
  }
}

// The embedded consumer-protocol blobs: never flexible, their own version range.
for (const blob of [ConsumerProtocolSubscription, ConsumerProtocolAssignment]) {
  const spec = readSpec(`${blob.name}.json`);
  const valid = range(spec.validVersions)!;
  if (blob.minVersion !== valid[0] || blob.maxVersion !== valid[1])
    problems.push(`${blob.name}: version range differs`);
  if (spec.flexibleVersions !== 'none') problems.push(`${blob.name}: spec is flexible`);
  const commons = new Map((spec.commonStructs ?? []).map((c) => [c.name, c.fields]));
  for (let v = blob.minVersion; v <= blob.maxVersion; v++) {
    const want = specLines(spec.fields, commons, v, false, '').join('\n');
    const have = declaredLines(blob.fields as unknown as Record<string, DeclaredField>, v, false, '').join(
      '\n',
    );
    checked++;
    if (want !== have) problems.push(`${blob.name} v${v}: declared\n${have}\nspec\n${want}`);
  }
}

if (problems.length > 0) {
  process.stderr.write(`${problems.join('\n')}\n`);
  process.stderr.write(`${problems.length} difference(s) in ${checked} message versions\n`);
  process.exit(1);
}
process.stdout.write(`${checked} message versions of ${Object.keys(apis).length} APIs agree with ${jar}\n`);
